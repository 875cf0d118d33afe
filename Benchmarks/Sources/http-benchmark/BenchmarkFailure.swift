/// Why the benchmark stopped: printed once, and the command exits non-zero.
struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
