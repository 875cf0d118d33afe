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
    /// ZooKeeper watches fire once; this one re-arms itself, across session expiry too (then it
    /// reports `.resync`). Consumers re-read the node on every event: several changes may be
    /// reported as one.
    public func watch(_ path: String) async throws -> AsyncStream<ZooKeeperWatchEvent> {
        let first = try await withSession { try await $0.watchExists(path, deadline: $1).watch }
        let (stream, continuation) = AsyncStream.makeStream(
            of: ZooKeeperWatchEvent.self, bufferingPolicy: .bufferingNewest(1))
        let task = Task { [weak self] in
            var watch: ZooKeeperWatch? = first
            var missed = false
            while !Task.isCancelled {
                if let current = watch {
                    guard let trigger = await current.fired() else { break }
                    if trigger == .sessionLost { missed = true } else { continuation.yield(.changed) }
                    watch = nil
                }
                guard let self else { break }
                do {
                    watch = try await self.withSession { try await $0.watchExists(path, deadline: $1).watch }
                    if missed {
                        continuation.yield(.resync)
                        missed = false
                    }
                } catch let error as ZooKeeperError where error.code == .clientClosed {
                    break
                } catch {
                    // ZooKeeper is unreachable: anything may change meanwhile; keep trying.
                    missed = true
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }
}
