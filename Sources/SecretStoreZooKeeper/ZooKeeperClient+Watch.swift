import SecretStoreConcurrency
import Synchronization

/// What a durable watch reports.
public enum ZooKeeperWatchEvent: Sendable, Hashable {
    /// The node was created, deleted or its data changed.
    case changed
    /// The watch was re-armed after a session or connection problem: changes may have been missed,
    /// so the watcher should read the node again.
    case resync
}

extension ZooKeeperClient {
    /// Watches a node for as long as the returned sequence is iterated: created, deleted or data changed.
    ///
    /// The watch is armed before this returns, so a change made after it returns is reported.
    /// ZooKeeper watches fire once; this one is re-armed before an event is reported, across session
    /// expiry too (then it reports `.resync`). Consumers re-read the node on every event: several
    /// changes may be reported as one. `deadline` bounds arming the first watch only; later ones are
    /// re-armed with the operation timeout.
    ///
    /// No task runs behind it: the re-arming happens inside the iterator's `next()`, in the
    /// consumer's own task, and cancelling that task ends the iteration at once (a re-arm already
    /// sent finishes first). Iterators made one after another continue where the last one stopped.
    public func watch(_ path: String, deadline: ContinuousClock.Instant? = nil) async throws -> ZooKeeperWatchEvents {
        let first = try await withSession(deadline: deadline) { try await $0.watchExists(path, deadline: $1).watch }
        return ZooKeeperWatchEvents(follower: DurableWatch(client: self, path: path, armed: first))
    }

    /// Sets a one-shot watch on a node (created, deleted or data changed) and returns it once armed.
    public func watchOnce(_ path: String, deadline: ContinuousClock.Instant? = nil) async throws -> ZooKeeperWatch {
        try await withSession(deadline: deadline) { try await $0.watchExists(path, deadline: $1).watch }
    }
}

/// The events of a durable watch (`ZooKeeperClient.watch(_:deadline:)`).
public struct ZooKeeperWatchEvents: AsyncSequence, Sendable {
    public typealias Element = ZooKeeperWatchEvent
    public typealias Failure = Never

    let follower: DurableWatch

    public func makeAsyncIterator() -> Iterator { Iterator(follower: follower) }

    /// Waits for the next event in the caller's task, re-arming the watch first.
    public struct Iterator: AsyncIteratorProtocol {
        let follower: DurableWatch

        /// The next event; `nil` once the client is closed or the task is cancelled.
        public mutating func next() async -> ZooKeeperWatchEvent? {
            await follower.next()
        }

        public mutating func next(isolation actor: isolated (any Actor)?) async -> ZooKeeperWatchEvent? {
            await follower.next()
        }
    }
}

/// The state of one durable watch, shared by its iterators: the armed one-shot watch and the event
/// owed to the consumer once the next one is armed.
final class DurableWatch: Sendable {
    private struct State {
        var armed: ZooKeeperWatch?
        /// What to report once the next watch is armed: reporting only after re-arming means whatever
        /// the consumer reads in response is covered by a live watch, so no change falls between a
        /// report and the next watch.
        var pending: ZooKeeperWatchEvent?
    }

    let client: ZooKeeperClient
    let path: String
    private let state: Mutex<State>

    init(client: ZooKeeperClient, path: String, armed: ZooKeeperWatch) {
        self.client = client
        self.path = path
        state = Mutex(State(armed: armed))
    }

    func next() async -> ZooKeeperWatchEvent? {
        // Retrying the re-arm while ZooKeeper is unreachable: anything may change meanwhile.
        var backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(100))
        while !Task.isCancelled {
            if let armed = state.withLock({ $0.armed }) {
                // Cancelled: the watch stays armed for the next iterator.
                guard let trigger = await armed.fired() else { return nil }
                state.withLock { state in
                    state.pending = trigger == .sessionLost ? .resync : (state.pending ?? .changed)
                    state.armed = nil
                }
            }
            do {
                let path = self.path
                let watch = try await client.withSession { try await $0.watchExists(path, deadline: $1).watch }
                let event = state.withLock { state in
                    state.armed = watch
                    defer { state.pending = nil }
                    return state.pending
                }
                if let event { return event }
            } catch let error as ZooKeeperError where error.code == .clientClosed {
                return nil
            } catch {
                state.withLock { $0.pending = .resync }
                guard await backoff.sleep() else { return nil }
            }
        }
        return nil
    }
}
