import Synchronization

/// Throughput and latency of one measured run.
struct Measurement {
    var operationsPerSecond: Double
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var failures: Int

    /// Runs `operation(0..<count)` with `inFlight` of them at a time, timing each.
    static func run(
        count: Int, inFlight: Int, _ operation: @escaping @Sendable (Int) async throws -> Void
    ) async -> Measurement {
        let next = IndexCounter()
        let start = ContinuousClock.now
        let results = await withTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<inFlight {
                group.addTask {
                    var latencies: [Double] = []
                    var failures = 0
                    while true {
                        let index = next.value.add(1, ordering: .relaxed).oldValue
                        guard index < count else { break }
                        let began = ContinuousClock.now
                        do { try await operation(index) } catch { failures += 1 }
                        latencies.append((ContinuousClock.now - began).milliseconds)
                    }
                    return (latencies, failures)
                }
            }
            return await group.reduce(into: [([Double], Int)]()) { $0.append($1) }
        }
        let elapsed = (ContinuousClock.now - start).milliseconds / 1000
        let latencies = results.flatMap(\.0).sorted()
        return Measurement(
            operationsPerSecond: Double(count) / elapsed,
            p50Milliseconds: latencies[latencies.count / 2],
            p99Milliseconds: latencies[min(latencies.count - 1, Int(Double(latencies.count) * 0.99))],
            failures: results.map(\.1).reduce(0, +))
    }
}

extension Duration {
    var milliseconds: Double {
        Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15
    }
}

/// The next operation index, shared by the workers of one run.
final class IndexCounter: Sendable {
    let value = Atomic<Int>(0)
}
