import CRawZooKeeperBenchmark
import Foundation
import Logging
import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper

/// Compares the Swift ZooKeeper storage (and the Swift client beneath it) with the raw C client doing
/// the same operations at the same concurrency, against one real ZooKeeper server, and prints a table.
///
/// Usage: storage-benchmark [--count N] [--large-count N] [--in-flight N] [--zookeeper host:port]
@main
struct StorageBenchmark {
    static func main() async throws {
        let options = Options(CommandLine.arguments.dropFirst())
        let server: ZooKeeperTestServer? = options.zookeeper == nil ? try await ZooKeeperTestServer.start() : nil
        let hosts = options.zookeeper ?? server!.connectString
        let client = try await ZooKeeperClient.connect(ZooKeeperConfiguration(connectString: hosts))
        let run = "\(UInt32.random(in: 0...UInt32.max))"
        let storage = try await ZooKeeperStorage.open(client: client, root: "/bench/swift-\(run)")
        let small = [UInt8](repeating: 0x5a, count: 1024)
        let large = [UInt8](repeating: 0xa5, count: 1_048_576)
        let n = options.count
        let m = options.largeCount
        let inFlight = options.inFlight

        print("SecretStore storage benchmark: \(n) × 1 KiB and \(m) × 1 MiB operations, \(inFlight) in flight")
        print("ZooKeeper \(hosts); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        print("")
        var table = Table()

        // 1 KiB create, get, update: storage, Swift client, raw C client.
        let keys = try (0..<n).map { try StorageKey("small/k\($0)") }
        try await client.ensurePath("/bench/client-\(run)")
        try await storage.create(StorageKey("small/first"), small)
        table.add(
            "create 1 KiB",
            storage: await Measurement.run(count: n, inFlight: inFlight) { try await storage.create(keys[$0], small) },
            client: await Measurement.run(count: n, inFlight: inFlight) {
                try await client.create("/bench/client-\(run)/k\($0)", data: small)
            },
            raw: try raw(
                hosts, "/bench/raw-\(run)", client: client, RAW_CREATE, size: 1024, parts: 1, count: n,
                inFlight: inFlight))
        let versions = VersionBox(count: n)
        table.add(
            "get 1 KiB",
            storage: await Measurement.run(count: n, inFlight: inFlight) {
                guard let value = try await storage.read(keys[$0]) else { throw StorageError(.notFound, "missing") }
                versions.set($0, value.version)
            },
            client: await Measurement.run(count: n, inFlight: inFlight) {
                _ = try await client.get("/bench/client-\(run)/k\($0)")
            },
            raw: try raw(
                hosts, "/bench/raw-\(run)", client: nil, RAW_GET, size: 1024, parts: 1, count: n, inFlight: inFlight))
        table.add(
            "update 1 KiB",
            storage: await Measurement.run(count: n, inFlight: inFlight) {
                try await storage.update(keys[$0], small, expected: versions.get($0))
            },
            client: await Measurement.run(count: n, inFlight: inFlight) {
                try await client.set("/bench/client-\(run)/k\($0)", data: small, version: -1)
            },
            raw: try raw(
                hosts, "/bench/raw-\(run)", client: nil, RAW_SET, size: 1024, parts: 1, count: n, inFlight: inFlight))

        // 1 MiB put and get: the storage splits into chunks and commits atomically; the raw client
        // writes the same bytes as two znodes (one cannot hold 1 MiB at default settings), no atomicity.
        let largeKeys = try (0..<m).map { try StorageKey("large/k\($0)") }
        try await storage.create(StorageKey("large/first"), small)
        table.add(
            "put 1 MiB",
            storage: await Measurement.run(count: m, inFlight: inFlight) {
                try await storage.create(largeKeys[$0], large)
            },
            client: nil,
            raw: try raw(
                hosts, "/bench/rawlarge-\(run)", client: client, RAW_PUT_SPLIT, size: 1_048_576, parts: 2, count: m,
                inFlight: inFlight))
        table.add(
            "get 1 MiB",
            storage: await Measurement.run(count: m, inFlight: inFlight) {
                guard try await storage.read(largeKeys[$0])?.bytes.count == large.count else {
                    throw StorageError(.corrupted, "short read")
                }
            },
            client: nil,
            raw: try raw(
                hosts, "/bench/rawlarge-\(run)", client: nil, RAW_GET_SPLIT, size: 1_048_576, parts: 2, count: m,
                inFlight: inFlight))
        table.print()

        await ZooKeeperFixture.deleteRecursively("/bench", client: client)
        client.close()
        await server?.shutdown()
    }

    /// Runs the C baseline on a thread of its own (it blocks until done).
    static func raw(
        _ hosts: String, _ root: String, client: ZooKeeperClient?, _ operation: raw_operation, size: Int, parts: Int,
        count: Int, inFlight: Int
    ) throws -> Measurement {
        var result = raw_result()
        if let client {
            let semaphore = DispatchSemaphore(value: 0)
            Task {
                try? await client.ensurePath(root)
                semaphore.signal()
            }
            semaphore.wait()
        }
        guard
            raw_benchmark_run(hosts, root, operation, Int32(size), Int32(parts), Int32(count), Int32(inFlight), &result)
                == 0
        else { throw ZooKeeperError(.initFailed, operation: "raw_benchmark_run") }
        return Measurement(
            operationsPerSecond: result.operations_per_second, p50Milliseconds: result.p50_milliseconds,
            p99Milliseconds: result.p99_milliseconds, failures: Int(result.failures))
    }
}

/// Versions read in the get phase, for the update phase's conditional writes.
final class VersionBox: @unchecked Sendable {
    // Each index is written by exactly one task and read after the phase ends.
    private var versions: [StorageVersion]
    init(count: Int) { versions = Array(repeating: StorageVersion(0), count: count) }
    func set(_ index: Int, _ version: StorageVersion) { versions[index] = version }
    func get(_ index: Int) -> StorageVersion { versions[index] }
}

struct Options {
    var count = 20_000
    var largeCount = 200
    var inFlight = 64
    var zookeeper: String?

    init(_ arguments: ArraySlice<String>) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--count": count = iterator.next().flatMap(Int.init) ?? count
            case "--large-count": largeCount = iterator.next().flatMap(Int.init) ?? largeCount
            case "--in-flight": inFlight = iterator.next().flatMap(Int.init) ?? inFlight
            case "--zookeeper": zookeeper = iterator.next()
            default: FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
            }
        }
    }
}

/// The printed comparison.
struct Table {
    var rows: [String] = []

    mutating func add(_ name: String, storage: Measurement, client: Measurement?, raw: Measurement) {
        func cell(_ m: Measurement) -> String {
            String(
                format: "%9.0f/s p50 %6.2f ms p99 %6.2f ms%@", m.operationsPerSecond, m.p50Milliseconds,
                m.p99Milliseconds,
                m.failures > 0 ? " (\(m.failures) failed)" : "")
        }
        let ratio = String(format: "%5.1f%%", 100 * storage.operationsPerSecond / raw.operationsPerSecond)
        rows.append("\(name.padding(toLength: 13, withPad: " ", startingAt: 0)) storage \(cell(storage))")
        if let client {
            rows.append("\("".padding(toLength: 13, withPad: " ", startingAt: 0)) client  \(cell(client))")
        }
        rows.append("\("".padding(toLength: 13, withPad: " ", startingAt: 0)) raw C   \(cell(raw))")
        rows.append("\("".padding(toLength: 13, withPad: " ", startingAt: 0)) storage / raw C throughput: \(ratio)")
    }

    func print() { for row in rows { Swift.print(row) } }
}
