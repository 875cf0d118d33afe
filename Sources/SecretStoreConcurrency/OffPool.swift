import Dispatch

/// Runs blocking work (password hashing, a gpg process) on a Dispatch thread, so that it never
/// holds one of the few threads of Swift's cooperative pool.
public func runOffPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
    }
}
