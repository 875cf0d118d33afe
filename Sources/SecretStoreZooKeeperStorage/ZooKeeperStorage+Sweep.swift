import Foundation
import SecretStoreCore
import SecretStoreZooKeeper

extension ZooKeeperStorage {
    /// Removes chunk sets that no key's record points at and that are older than `gracePeriod`: the
    /// leftovers of writes that crashed or lost their connection before committing. Returns how many
    /// it removed.
    ///
    /// A write slower than the grace period must never be acknowledged with its chunks gone. Its
    /// commit checks that its chunk set is still at version 0; before deleting anything the sweeper
    /// condemns the set (a `set` that moves it to version 1), then reads the owner's record again.
    /// A commit before the condemnation made the record point at the set, and the sweeper leaves it;
    /// a commit after it fails its check, and is not acknowledged. Either way no record ever points
    /// at a set whose chunks are being deleted.
    @discardableResult
    public func sweepOrphanedChunks(olderThan gracePeriod: Duration) async throws -> Int {
        let ids = try await mapErrors(key: nil) { try await client.children(chunksRoot, deadline: deadline()) }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let graceMilliseconds =
            gracePeriod.components.seconds * 1000 + gracePeriod.components.attoseconds / 1_000_000_000_000_000
        var removed = 0
        for id in ids {
            let set: ZooKeeperNode
            do {
                set = try await mapErrors(key: nil) { try await client.get(chunkSetPath(id), deadline: deadline()) }
            } catch let error as ZooKeeperError where error.code == .noNode {
                continue
            }
            guard now - set.stat.createdMilliseconds >= graceMilliseconds else { continue }
            guard try await !isOwned(id, set: set) else { continue }
            guard try await condemn(id, set: set), try await !isOwned(id, set: set) else { continue }
            await deleteChunkSet(id)
            removed += 1
        }
        if removed > 0 { logger.info("Removed orphaned chunk sets", metadata: ["count": "\(removed)"]) }
        return removed
    }

    /// Whether the key the set names has a record that points at the set.
    func isOwned(_ id: String, set: ZooKeeperNode) async throws -> Bool {
        guard let owner = try? StorageKey(String(decoding: set.data, as: UTF8.self)) else { return false }
        return try await readRecord(owner)?.0.manifest?.id == id
    }

    /// Moves the set past version 0, so that a commit pointing a record at it fails from now on.
    /// Returns false if the set is gone. A set already condemned (by an interrupted sweep, or by
    /// another instance's sweeper) counts as condemned.
    func condemn(_ id: String, set: ZooKeeperNode) async throws -> Bool {
        guard set.stat.version == 0 else { return true }
        do {
            _ = try await mapErrors(key: nil) {
                try await client.set(chunkSetPath(id), data: set.data, version: 0, deadline: deadline())
            }
            return true
        } catch let error as ZooKeeperError where error.code == .badVersion {
            return true
        } catch let error as ZooKeeperError where error.code == .noNode {
            return false
        }
    }

    /// Deletes a chunk set and its chunks. Best effort.
    func deleteChunkSet(_ id: String) async {
        let chunks = (try? await client.children(chunkSetPath(id), deadline: deadline())) ?? []
        for chunk in chunks {
            try? await client.delete(chunkSetPath(id) + "/" + chunk, version: -1, deadline: deadline())
        }
        try? await client.delete(chunkSetPath(id), version: -1, deadline: deadline())
    }
}
