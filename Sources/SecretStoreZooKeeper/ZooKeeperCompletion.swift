import Synchronization

/// An operation in flight that the deadline sweeper may fail before ZooKeeper answers.
protocol DeadlineBound: AnyObject, Sendable {
    /// When the caller stops waiting.
    var deadline: ContinuousClock.Instant { get }
    /// Fails the caller with `error` unless it was already resumed.
    func fail(_ error: ZooKeeperError)
}

/// The bridge from one C completion to one Swift caller.
///
/// The C side holds a retained reference from submission until its completion runs (the library
/// calls every completion exactly once, with `ZCLOSING` at the latest); the deadline sweeper may
/// resume the caller earlier. Whichever comes first resumes the continuation; the other is a no-op.
final class Completion<Value: Sendable>: DeadlineBound {
    let deadline: ContinuousClock.Instant
    let operation: String
    let path: String?
    private let continuation: Mutex<CheckedContinuation<Value, any Error>?>
    /// The registry the deadline sweeper scans; a resumed completion leaves it at once.
    private let registry: PendingOperations?

    init(
        _ continuation: CheckedContinuation<Value, any Error>, operation: String, path: String?,
        deadline: ContinuousClock.Instant, registry: PendingOperations? = nil
    ) {
        self.continuation = Mutex(continuation)
        self.operation = operation
        self.path = path
        self.deadline = deadline
        self.registry = registry
    }

    /// Takes the continuation if nobody resumed it yet, and leaves the registry.
    private func take() -> CheckedContinuation<Value, any Error>? {
        guard let continuation = continuation.withLock({ $0.take() }) else { return nil }
        registry?.remove(self)
        return continuation
    }

    /// Resumes the caller with a value, unless the deadline already did.
    func succeed(_ value: sending Value) {
        // Take the continuation under the lock, resume outside it: resuming may run the caller inline.
        if let continuation = take() { continuation.resume(returning: value) }
    }

    /// Resumes the caller with a ZooKeeper return code as an error.
    func fail(code: Int32) {
        fail(ZooKeeperError(ZooKeeperError.Code(rawValue: code), operation: operation, path: path))
    }

    func fail(_ error: ZooKeeperError) {
        if let continuation = take() { continuation.resume(throwing: error) }
    }

    /// Resumes the caller with any error (a multi's per-operation failure).
    func fail(any error: any Error) {
        if let continuation = take() { continuation.resume(throwing: error) }
    }
}

/// The operations of one session that are waiting for an answer, so that a deadline can fail them.
final class PendingOperations: Sendable {
    private let entries = Mutex<[ObjectIdentifier: any DeadlineBound]>([:])

    func insert(_ operation: any DeadlineBound) {
        entries.withLock { $0[ObjectIdentifier(operation)] = operation }
    }

    func remove(_ operation: any DeadlineBound) {
        _ = entries.withLock { $0.removeValue(forKey: ObjectIdentifier(operation)) }
    }

    /// Whether nothing is waiting.
    var isEmpty: Bool { entries.withLock { $0.isEmpty } }

    /// Fails every operation whose deadline has passed.
    func failExpired(now: ContinuousClock.Instant) {
        let expired = entries.withLock { entries in
            let due = entries.filter { $0.value.deadline <= now }
            for key in due.keys { entries.removeValue(forKey: key) }
            return Array(due.values)
        }
        for operation in expired {
            operation.fail(ZooKeeperError(.deadlineExceeded, operation: "deadline"))
        }
    }

    /// Fails every operation still waiting, e.g. when the session is closed.
    func failAll(_ code: ZooKeeperError.Code) {
        let all = entries.withLock { entries in
            defer { entries.removeAll() }
            return Array(entries.values)
        }
        for operation in all { operation.fail(ZooKeeperError(code, operation: "close")) }
    }
}
