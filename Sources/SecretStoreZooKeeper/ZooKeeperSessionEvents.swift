import Logging
import Synchronization

/// The session watcher's side of a handle: its current state, callers waiting to be connected,
/// and a stream of state changes for whoever supervises the handle.
///
/// The C library calls `handle(state:)` on its completion thread; nothing here blocks.
final class ZooKeeperSessionEvents: Sendable {
    private struct State {
        var current: ZooKeeperSessionState = .connecting
        var waiters: [Completion<Void>] = []
    }

    private let state = Mutex(State())
    let changes: AsyncStream<ZooKeeperSessionState>
    private let continuation: AsyncStream<ZooKeeperSessionState>.Continuation
    private let pending: PendingOperations

    init(pending: PendingOperations) {
        self.pending = pending
        (changes, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    var current: ZooKeeperSessionState { state.withLock { $0.current } }

    /// Records a state change reported by the library (or by `close`).
    func handle(_ new: ZooKeeperSessionState) {
        let (changed, waiters) = state.withLock { state -> (Bool, [Completion<Void>]) in
            // A closed or expired handle never comes back, whatever the library reports after.
            guard !state.current.isTerminal, state.current != new else { return (false, []) }
            state.current = new
            guard new == .connected || new.isTerminal else { return (true, []) }
            defer { state.waiters.removeAll() }
            return (true, state.waiters)
        }
        guard changed else { return }
        continuation.yield(new)
        for waiter in waiters {
            if new == .connected {
                waiter.succeed(())
            } else {
                waiter.fail(ZooKeeperError(new == .authFailed ? .authFailed : .sessionExpired, operation: "connect"))
            }
        }
        if new.isTerminal { continuation.finish() }
    }

    /// Returns when the handle is connected; throws if it dies or the deadline passes first.
    func waitUntilConnected(deadline: ContinuousClock.Instant) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let waiter = Completion(
                continuation, operation: "connect", path: nil, deadline: deadline, registry: pending)
            let current = state.withLock { state -> ZooKeeperSessionState in
                if state.current == .connecting { state.waiters.append(waiter) }
                return state.current
            }
            switch current {
            case .connected: waiter.succeed(())
            case .connecting: pending.insert(waiter)
            case .authFailed: waiter.fail(ZooKeeperError(.authFailed, operation: "connect"))
            case .expired: waiter.fail(ZooKeeperError(.sessionExpired, operation: "connect"))
            case .closed: waiter.fail(ZooKeeperError(.clientClosed, operation: "connect"))
            }
        }
    }
}
