import CRawZooKeeperBenchmark
import Foundation
import Logging
import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage

/// Compares the Swift ZooKeeper storage (and the Swift client beneath it) with the raw C client doing
/// the same operations at the same concurrency, against one real ZooKeeper server, and prints a table.
///
/// Each operation runs in several rounds, storage, client and raw C interleaved, so that drift in the
/// machine's speed hits all three alike; the table shows the round with the median throughput.
///
/// Usage: storage-benchmark [--count N] [--large-count N] [--in-flight N] [--rounds N] [--zookeeper host:port]
@main
struct StorageBenchmark {
    static func main() async throws {
        let options = Options(CommandLine.arguments.dropFirst())
        // ZooKeeper keeps all data in its heap: the large rounds store hundreds of megabytes.
        let server: ZooKeeperTestServer? =
            options.zookeeper == nil ? try await ZooKeeperTestServer.start(heapMegabytes: 3072) : nil
        let hosts = options.zookeeper ?? server!.connectString
        try await ZooKeeperClient.withConnection(ZooKeeperConfiguration(connectString: hosts)) { client in
            let run = "/bench/\(UInt32.random(in: 0...UInt32.max))"
            let storage = try await ZooKeeperStorage.open(client: client, root: run + "/swift")
            let small = [UInt8](repeating: 0x5a, count: 1024)
            let large = [UInt8](repeating: 0xa5, count: 1_048_576)
            let (n, m, inFlight, rounds) = (options.count, options.largeCount, options.inFlight, options.rounds)

            print(
                "SecretStore storage benchmark: \(n) × 1 KiB and \(m) × 1 MiB operations per round, \(rounds) rounds,")
            print("\(inFlight) in flight; ZooKeeper \(hosts); \(ProcessInfo.processInfo.activeProcessorCount) cores")
            print("")
            var table = Table()
            let smallKeys = try (0..<rounds).map { round in try (0..<n).map { try StorageKey("small/r\(round)/k\($0)") }
            }
            let largeKeys = try (0..<rounds).map { round in try (0..<m).map { try StorageKey("large/r\(round)/k\($0)") }
            }
            for round in 0..<rounds {
                try await client.ensurePath("\(run)/client/r\(round)")
                try await storage.create(StorageKey("small/r\(round)/first"), small)
                try await storage.create(StorageKey("large/r\(round)/first"), small)
            }

            var create = Comparison("create 1 KiB")
            for round in 0..<rounds {
                create.storage.append(
                    await Measurement.run(count: n, inFlight: inFlight) {
                        try await storage.create(smallKeys[round][$0], small)
                    })
                create.client.append(
                    await Measurement.run(count: n, inFlight: inFlight) {
                        try await client.create("\(run)/client/r\(round)/k\($0)", data: small)
                    })
                create.raw.append(
                    try await raw(
                        hosts, "\(run)/raw/r\(round)", client: client, RAW_CREATE, size: 1024, count: n,
                        inFlight: inFlight)
                )
            }
            table.add(create)

            var get = Comparison("get 1 KiB")
            for _ in 0..<rounds {
                get.storage.append(
                    await Measurement.run(count: n, inFlight: inFlight) {
                        guard try await storage.read(smallKeys[0][$0]) != nil else { throw StorageError(.notFound, "") }
                    })
                get.client.append(
                    await Measurement.run(count: n, inFlight: inFlight) {
                        _ = try await client.get("\(run)/client/r0/k\($0)")
                    })
                get.raw.append(
                    try await raw(
                        hosts, "\(run)/raw/r0", client: nil, RAW_GET, size: 1024, count: n, inFlight: inFlight))
            }
            table.add(get)

            var update = Comparison("update 1 KiB")
            for _ in 0..<rounds {
                // The versions to update at, read outside the measurement (a client updates what it read).
                let versions = try await readVersions(storage, smallKeys[0], inFlight: inFlight)
                update.storage.append(
                    await Measurement.run(count: n, inFlight: inFlight) {
                        try await storage.update(smallKeys[0][$0], small, expected: versions[$0])
                    })
                update.client.append(
                    await Measurement.run(count: n, inFlight: inFlight) {
                        try await client.set("\(run)/client/r0/k\($0)", data: small, version: -1)
                    })
                update.raw.append(
                    try await raw(
                        hosts, "\(run)/raw/r0", client: nil, RAW_SET, size: 1024, count: n, inFlight: inFlight))
            }
            table.add(update)

            // 1 MiB: the storage splits a value into chunks and switches it in atomically; the raw client
            // writes the same bytes as two znodes (one cannot hold 1 MiB at default settings), not atomically.
            var put = Comparison("put 1 MiB")
            var getLarge = Comparison("get 1 MiB")
            for round in 0..<rounds where m > 0 {
                put.storage.append(
                    await Measurement.run(count: m, inFlight: inFlight) {
                        try await storage.create(largeKeys[round][$0], large)
                    })
                put.raw.append(
                    try await raw(
                        hosts, "\(run)/rawlarge/r\(round)", client: client, RAW_PUT_SPLIT, size: 1_048_576, parts: 2,
                        count: m,
                        inFlight: inFlight))
                getLarge.storage.append(
                    await Measurement.run(count: m, inFlight: inFlight) {
                        guard try await storage.read(largeKeys[round][$0])?.bytes.count == large.count else {
                            throw StorageError(.corrupted, "short read")
                        }
                    })
                getLarge.raw.append(
                    try await raw(
                        hosts, "\(run)/rawlarge/r\(round)", client: nil, RAW_GET_SPLIT, size: 1_048_576, parts: 2,
                        count: m,
                        inFlight: inFlight))
            }
            table.add(put)
            table.add(getLarge)
            table.print()

            await ZooKeeperFixture.deleteRecursively(run, client: client)
        }
        await server?.shutdown()
    }

    static func readVersions(_ storage: ZooKeeperStorage, _ keys: [StorageKey], inFlight: Int) async throws
        -> [StorageVersion]
    {
        let versions = VersionBox(count: keys.count)
        let measurement = await Measurement.run(count: keys.count, inFlight: inFlight) {
            guard let value = try await storage.read(keys[$0]) else { throw StorageError(.notFound, "") }
            versions.set($0, value.version)
        }
        guard measurement.failures == 0 else { throw StorageError(.notFound, "a benchmark key is missing") }
        return versions.all
    }

    /// Runs the C baseline, after creating its root znode when `client` is given. The C call blocks
    /// this thread until it is done; nothing else runs meanwhile.
    static func raw(
        _ hosts: String, _ root: String, client: ZooKeeperClient?, _ operation: raw_operation, size: Int,
        parts: Int = 1, count: Int, inFlight: Int
    ) async throws -> Measurement {
        try await client?.ensurePath(root)
        var result = raw_result()
        guard
            raw_benchmark_run(hosts, root, operation, Int32(size), Int32(parts), Int32(count), Int32(inFlight), &result)
                == 0
        else { throw ZooKeeperError(.initFailed, operation: "raw_benchmark_run") }
        return Measurement(
            operationsPerSecond: result.operations_per_second, p50Milliseconds: result.p50_milliseconds,
            p99Milliseconds: result.p99_milliseconds, failures: Int(result.failures))
    }
}

/// Versions read before an update round.
final class VersionBox: @unchecked Sendable {
    // Each index is written by exactly one task, and read only after all of them finished.
    private var versions: [StorageVersion]
    init(count: Int) { versions = Array(repeating: StorageVersion(0), count: count) }
    func set(_ index: Int, _ version: StorageVersion) { versions[index] = version }
    var all: [StorageVersion] { versions }
}

/// The rounds of one operation.
struct Comparison {
    var name: String
    var storage: [Measurement] = []
    var client: [Measurement] = []
    var raw: [Measurement] = []
    init(_ name: String) { self.name = name }
}

struct Options {
    var count = 20_000
    var largeCount = 100
    var inFlight = 64
    var rounds = 5
    var zookeeper: String?

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--count": count = iterator.next().flatMap(Int.init) ?? count
            case "--large-count": largeCount = iterator.next().flatMap(Int.init) ?? largeCount
            case "--in-flight": inFlight = iterator.next().flatMap(Int.init) ?? inFlight
            case "--rounds": rounds = iterator.next().flatMap(Int.init) ?? rounds
            case "--zookeeper": zookeeper = iterator.next()
            default: FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
            }
        }
    }
}

/// The printed comparison.
struct Table {
    var rows: [String] = []

    mutating func add(_ comparison: Comparison) {
        func median(_ runs: [Measurement]) -> Measurement? {
            runs.sorted { $0.operationsPerSecond < $1.operationsPerSecond }.dropFirst(runs.count / 2).first
        }
        func cell(_ m: Measurement) -> String {
            String(
                format: "%9.0f/s  p50 %7.2f ms  p99 %7.2f ms%@", m.operationsPerSecond, m.p50Milliseconds,
                m.p99Milliseconds, m.failures > 0 ? "  (\(m.failures) failed)" : "")
        }
        func rounds(_ runs: [Measurement]) -> String {
            "rounds: " + runs.map { String(format: "%.0f", $0.operationsPerSecond) }.joined(separator: ", ")
        }
        let pad = { (text: String) in text.padding(toLength: 13, withPad: " ", startingAt: 0) }
        guard let storage = median(comparison.storage), let raw = median(comparison.raw) else { return }
        rows.append("\(pad(comparison.name)) storage \(cell(storage))   \(rounds(comparison.storage))")
        if let client = median(comparison.client) {
            rows.append("\(pad("")) client  \(cell(client))   \(rounds(comparison.client))")
        }
        rows.append("\(pad("")) raw C   \(cell(raw))   \(rounds(comparison.raw))")
        rows.append(
            "\(pad("")) storage / raw C throughput (medians): "
                + String(format: "%.1f%%", 100 * storage.operationsPerSecond / raw.operationsPerSecond))
    }

    func print() { for row in rows { Swift.print(row) } }
}
