import CZooKeeper
import Synchronization

/// What ended a one-shot watch.
public enum ZooKeeperWatchTrigger: Sendable, Hashable {
    /// The node was created.
    case created
    /// The node was deleted.
    case deleted
    /// The node's data changed.
    case dataChanged
    /// The node's children changed.
    case childrenChanged
    /// The session ended before the watch fired: anything may have changed unseen.
    case sessionLost

    init(cType: Int32) {
        switch cType {
        case cszk_event_created(): self = .created
        case cszk_event_deleted(): self = .deleted
        case cszk_event_changed(): self = .dataChanged
        case cszk_event_child(): self = .childrenChanged
        default: self = .sessionLost
        }
    }
}

/// A one-shot ZooKeeper watch: it fires once, then must be set again.
public struct ZooKeeperWatch: Sendable {
    let registration: WatchRegistration

    /// Waits until the watch fires or its session ends. Returns `nil` at once if the waiting task is
    /// cancelled; the watch stays armed, so a later call still sees the trigger.
    public func fired() async -> ZooKeeperWatchTrigger? {
        await registration.fired()
    }

    /// The trigger, if the watch has fired (or its session ended) already.
    public var trigger: ZooKeeperWatchTrigger? { registration.trigger }

    /// Calls `handler` once, with the trigger, when the watch fires or its session ends (at once if it
    /// did already). It runs on the library's completion thread: it must not block, nor call into the
    /// library, nor wait for anything; yielding into an `AsyncStream` continuation is what it is for.
    public func onFire(_ handler: @escaping @Sendable (ZooKeeperWatchTrigger) -> Void) {
        registration.onFire(handler)
    }
}

/// The Swift end of one watcher context handed to the C library.
///
/// Kept alive by its session's registry (the library holds only an unretained pointer) until it
/// fires, its session dies, or the session is closed after the library's threads have stopped.
/// `fire` runs on the library's completion thread: it only resumes waiters and calls handlers.
final class WatchRegistration: Sendable {
    private struct State {
        var trigger: ZooKeeperWatchTrigger?
        var waiters: [Int: CheckedContinuation<ZooKeeperWatchTrigger?, Never>] = [:]
        var handlers: [@Sendable (ZooKeeperWatchTrigger) -> Void] = []
        var nextWaiter = 0
    }

    private let state = Mutex(State())
    /// The registry that keeps this registration alive; the watcher removes it after a node event.
    let registry: WatchRegistry

    init(registry: WatchRegistry) {
        self.registry = registry
    }

    var trigger: ZooKeeperWatchTrigger? { state.withLock { $0.trigger } }

    /// Records the first trigger and hands it to whoever waits; later ones are ignored.
    func fire(_ trigger: ZooKeeperWatchTrigger) {
        typealias Waiter = CheckedContinuation<ZooKeeperWatchTrigger?, Never>
        typealias Handler = @Sendable (ZooKeeperWatchTrigger) -> Void
        let (waiters, handlers) = state.withLock { state -> ([Waiter], [Handler]) in
            guard state.trigger == nil else { return ([], []) }
            state.trigger = trigger
            defer {
                state.waiters.removeAll()
                state.handlers.removeAll()
            }
            return (Array(state.waiters.values), state.handlers)
        }
        // Outside the lock: resuming may run the waiter inline.
        for waiter in waiters { waiter.resume(returning: trigger) }
        for handler in handlers { handler(trigger) }
    }

    func fired() async -> ZooKeeperWatchTrigger? {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ZooKeeperWatchTrigger?, Never>) in
                let resolved = state.withLock { state -> ZooKeeperWatchTrigger?? in
                    if let trigger = state.trigger { return .some(trigger) }
                    if Task.isCancelled { return .some(nil) }
                    state.waiters[id] = continuation
                    return .none
                }
                if let resolved { continuation.resume(returning: resolved) }
            }
        } onCancel: {
            // Only this waiter leaves; the trigger, when it comes, stays for the next one.
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume(returning: nil)
        }
    }

    func onFire(_ handler: @escaping @Sendable (ZooKeeperWatchTrigger) -> Void) {
        let trigger = state.withLock { state -> ZooKeeperWatchTrigger? in
            if state.trigger == nil { state.handlers.append(handler) }
            return state.trigger
        }
        if let trigger { handler(trigger) }
    }
}

/// The watches of one session whose watcher context the C library may still call.
final class WatchRegistry: Sendable {
    private let registrations = Mutex<[ObjectIdentifier: WatchRegistration]>([:])

    func insert(_ registration: WatchRegistration) {
        registrations.withLock { $0[ObjectIdentifier(registration)] = registration }
    }

    /// Removes a registration and returns whether it was still there.
    @discardableResult
    func remove(_ registration: WatchRegistration) -> Bool {
        registrations.withLock { $0.removeValue(forKey: ObjectIdentifier(registration)) } != nil
    }

    /// Ends every registration with `.sessionLost`.
    func endAll() {
        let all = registrations.withLock { registrations in
            defer { registrations.removeAll() }
            return Array(registrations.values)
        }
        for registration in all { registration.fire(.sessionLost) }
    }
}
