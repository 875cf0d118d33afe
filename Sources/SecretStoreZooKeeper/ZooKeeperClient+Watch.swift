/// What a durable watch reports.
public enum ZooKeeperWatchEvent: Sendable, Hashable {
    /// The node was created, deleted or its data changed.
    case changed
    /// The watch was re-armed after a session or connection problem: changes may have been missed,
    /// so the watcher should read the node again.
    case resync
}

extension ZooKeeperClient {
    /// Watches a node until the returned stream is dropped: created, deleted or data changed.
    ///
    /// The watch is armed before this returns, so a change made after it returns is reported.
    /// ZooKeeper watches fire once; this one re-arms itself before it reports an event, across
    /// session expiry too (then it reports `.resync`). Consumers re-read the node on every event:
    /// several changes may be reported as one. `deadline` bounds arming the first watch only; later
    /// ones are re-armed with the operation timeout for as long as the stream is kept.
    public func watch(
        _ path: String, deadline: ContinuousClock.Instant? = nil
    ) async throws -> AsyncStream<ZooKeeperWatchEvent> {
        let first = try await withSession(deadline: deadline) { try await $0.watchExists(path, deadline: $1).watch }
        let (stream, continuation) = AsyncStream.makeStream(
            of: ZooKeeperWatchEvent.self, bufferingPolicy: .bufferingNewest(1))
        let task = Task { [weak self] in
            var watch: ZooKeeperWatch? = first
            // What to report once the next watch is armed: reporting only after re-arming means
            // whatever the consumer reads in response is covered by a live watch, so no change
            // falls between a report and the next watch.
            var pending: ZooKeeperWatchEvent?
            while !Task.isCancelled {
                if let current = watch {
                    guard let trigger = await current.fired() else { break }
                    pending = trigger == .sessionLost ? .resync : (pending ?? .changed)
                    watch = nil
                }
                guard let self else { break }
                do {
                    watch = try await self.withSession { try await $0.watchExists(path, deadline: $1).watch }
                    if let event = pending { continuation.yield(event) }
                    pending = nil
                } catch let error as ZooKeeperError where error.code == .clientClosed {
                    break
                } catch {
                    // ZooKeeper is unreachable: anything may change meanwhile; keep trying.
                    pending = .resync
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
