import Logging
import Synchronization

/// The session watcher's side of a handle: its current state, callers waiting to be connected,
/// and whoever supervises the handle waiting for its next state change.
///
/// The C library calls `handle(state:)` on its completion thread; nothing here blocks.
final class ZooKeeperSessionEvents: Sendable {
    private struct State {
        var current: ZooKeeperSessionState = .connecting
        /// How many times `current` changed: lets a supervisor wait for the change after the one it saw.
        var changes = 0
        var waiters: [Completion<Void>] = []
        var observers: [Int: CheckedContinuation<ZooKeeperSessionObservation?, Never>] = [:]
        var nextObserver = 0
    }

    private let state = Mutex(State())
    private let pending: PendingOperations

    init(pending: PendingOperations) {
        self.pending = pending
    }

    var current: ZooKeeperSessionState { state.withLock { $0.current } }

    /// The current state and how many changes led to it.
    var observation: ZooKeeperSessionObservation {
        state.withLock { ZooKeeperSessionObservation(state: $0.current, changes: $0.changes) }
    }

    /// Records a state change reported by the library (or by `close`).
    func handle(_ new: ZooKeeperSessionState) {
        typealias Observer = CheckedContinuation<ZooKeeperSessionObservation?, Never>
        let (observation, waiters, observers) = state.withLock {
            state -> (ZooKeeperSessionObservation?, [Completion<Void>], [Observer]) in
            // A closed or expired handle never comes back, whatever the library reports after.
            guard !state.current.isTerminal, state.current != new else { return (nil, [], []) }
            state.current = new
            state.changes += 1
            let observation = ZooKeeperSessionObservation(state: new, changes: state.changes)
            let observers = Array(state.observers.values)
            state.observers.removeAll()
            guard new == .connected || new.isTerminal else { return (observation, [], observers) }
            defer { state.waiters.removeAll() }
            return (observation, state.waiters, observers)
        }
        guard let observation else { return }
        for observer in observers { observer.resume(returning: observation) }
        for waiter in waiters {
            if new == .connected {
                waiter.succeed(())
            } else {
                waiter.fail(ZooKeeperError(new == .authFailed ? .authFailed : .sessionExpired, operation: "connect"))
            }
        }
    }

    /// Returns once the state has changed more than `seen.changes` times (at once if it has), or
    /// `nil` at once if the task is cancelled. Several quick changes may be reported as the last one.
    func change(after seen: ZooKeeperSessionObservation) async -> ZooKeeperSessionObservation? {
        let id = state.withLock { state in
            defer { state.nextObserver += 1 }
            return state.nextObserver
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ZooKeeperSessionObservation?, Never>) in
                let ready = state.withLock { state -> ZooKeeperSessionObservation?? in
                    if state.changes != seen.changes || state.current.isTerminal {
                        return .some(ZooKeeperSessionObservation(state: state.current, changes: state.changes))
                    }
                    if Task.isCancelled { return .some(nil) }
                    state.observers[id] = continuation
                    return .none
                }
                if let ready { continuation.resume(returning: ready) }
            }
        } onCancel: {
            state.withLock { $0.observers.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }

    /// Returns when the handle is connected; throws if it dies or the deadline passes first. The
    /// deadline holds only while something sweeps this session's deadlines (`withDeadlinesEnforced`).
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

/// A session's state as one observer saw it, with how many changes led there.
public struct ZooKeeperSessionObservation: Sendable, Hashable {
    /// The state seen.
    public var state: ZooKeeperSessionState
    /// How many state changes the session had gone through.
    public var changes: Int
}
