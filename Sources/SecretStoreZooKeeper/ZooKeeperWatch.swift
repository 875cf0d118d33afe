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
    let stream: AsyncStream<ZooKeeperWatchTrigger>

    /// Waits until the watch fires or its session ends. Returns `nil` if the waiting task is cancelled.
    public func fired() async -> ZooKeeperWatchTrigger? {
        var iterator = stream.makeAsyncIterator()
        if let trigger = await iterator.next() { return trigger }
        return Task.isCancelled ? nil : .sessionLost
    }
}

/// The Swift end of one watcher context handed to the C library.
///
/// Kept alive by its session's registry (the library holds only an unretained pointer) until it
/// fires, its session dies, or the session is closed after the library's threads have stopped.
final class WatchRegistration: Sendable {
    let continuation: AsyncStream<ZooKeeperWatchTrigger>.Continuation
    let stream: AsyncStream<ZooKeeperWatchTrigger>
    /// The registry that keeps this registration alive; the watcher removes it after a node event.
    let registry: WatchRegistry

    init(registry: WatchRegistry) {
        self.registry = registry
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func fire(_ trigger: ZooKeeperWatchTrigger) {
        continuation.yield(trigger)
        continuation.finish()
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
