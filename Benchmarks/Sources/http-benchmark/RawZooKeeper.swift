import CRawZooKeeperBenchmark
import SecretStoreZooKeeper

/// The baseline: the ZooKeeper C client used directly (`Benchmarks/Sources/CRawZooKeeperBenchmark`),
/// the same operations as the HTTP runs at the same number in flight, under `root`.
struct RawZooKeeper {
    var hosts: String
    var root: String
    /// Creates the folders the C runs write into.
    var client: ZooKeeperClient
    var inFlight: Int

    /// Runs `count` operations under `root/folder`. The C call blocks this thread until it is done;
    /// nothing else runs meanwhile.
    func run(_ operation: raw_operation, folder: String, size: Int, parts: Int = 1, count: Int) async throws -> Figure {
        let path = "\(root)/\(folder)"
        try await client.ensurePath(path)
        var result = raw_result()
        guard
            raw_benchmark_run(hosts, path, operation, Int32(size), Int32(parts), Int32(count), Int32(inFlight), &result)
                == 0
        else { throw BenchmarkFailure("the raw ZooKeeper client could not connect to \(hosts)") }
        return Figure(
            perSecond: result.operations_per_second, p50Milliseconds: result.p50_milliseconds,
            p99Milliseconds: result.p99_milliseconds, completed: count, failures: Int(result.failures))
    }
}
