import Logging
import SecretStoreCore
import ServiceLifecycle

/// Periodically removes the chunk sets of ZooKeeper writes that never committed.
public struct OrphanedChunkSweeper: Service {
    let storage: ZooKeeperStorage
    let interval: Duration
    let gracePeriod: Duration
    let logger: Logger

    /// Creates a sweeper; a chunk set must be unreferenced and older than `gracePeriod` to go.
    public init(
        storage: ZooKeeperStorage, interval: Duration = .seconds(600), gracePeriod: Duration = .seconds(600),
        logger: Logger
    ) {
        self.storage = storage
        self.interval = interval
        self.gracePeriod = gracePeriod
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await storage.sweepOrphanedChunks(olderThan: gracePeriod)
                } catch {
                    logger.warning("Sweeping orphaned chunk sets failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
