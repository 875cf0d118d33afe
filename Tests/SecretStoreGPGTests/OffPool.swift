import Dispatch

/// Runs blocking work (a 4096-bit key generation takes seconds, far longer on a loaded machine) on
/// a Dispatch thread. Blocking one of the cooperative pool's few threads that long starves every
/// other test in the process, such as those that check ZooKeeper deadlines.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
