import Synchronization

/// One deadline shared by all the storage work of one request, so that a request that makes several
/// storage calls in sequence (a read, then a write; a write, then a read-back to learn whether an
/// unconfirmed write was applied; a retry after a version conflict; a wait for the keyring) still
/// answers within one operation timeout rather than one timeout per call.
///
/// The HTTP layer opens a scope per request with ``run(_:)``; every storage call inside it, in child
/// tasks too, gets at most the time left. The clock starts with the request's first storage call, or
/// its first wait for a turn behind other storage writes, not when the scope opens: the time a client
/// takes to send its body is not the storage's to spend. Outside a scope each call gets the whole
/// timeout, as background work (the sweeper, the watchers) needs.
public final class StorageDeadline: Sendable {
    /// The scope of the running task, if any.
    @TaskLocal static var current: StorageDeadline?

    /// When the first storage call of the scope started; `nil` until then.
    private let started = Mutex<ContinuousClock.Instant?>(nil)

    private init() {}

    /// Runs `body` in a new scope, or in the enclosing one if there is one: storage calls inside share
    /// one deadline.
    public static func run<R>(_ body: () async throws -> R) async rethrows -> R {
        if current != nil { return try await body() }
        return try await $current.withValue(StorageDeadline()) { try await body() }
    }

    /// Runs `body` in a new scope of its own, even inside another one: for work made of many short
    /// steps that may take longer than one operation timeout in all (a backup streamed to a slow
    /// client), each step then gets the whole timeout.
    public static func runInOwnScope<R>(_ body: () async throws -> R) async rethrows -> R {
        try await $current.withValue(StorageDeadline()) { try await body() }
    }

    /// Starts the clock of the running task's scope, unless it runs already or there is no scope.
    static func startClock() {
        _ = current?.start(at: .now)
    }

    /// When a storage call starting now must have answered, given that one call may take `timeout`:
    /// in a scope, `timeout` after the scope's first call; outside one, `timeout` from now.
    package static func deadline(forCallTaking timeout: Duration) -> ContinuousClock.Instant {
        let now = ContinuousClock.now
        guard let scope = current else { return now + timeout }
        return scope.start(at: now) + timeout
    }

    /// The instant the clock started, starting it at `now` if it had not.
    private func start(at now: ContinuousClock.Instant) -> ContinuousClock.Instant {
        started.withLock { started in
            if let started { return started }
            started = now
            return now
        }
    }
}
