import Foundation
import SecretStoreCore
import SecretStoreZooKeeper

extension ZooKeeperStorage {
    /// Removes chunk sets that no key's record points at and that are older than `gracePeriod`: the
    /// leftovers of writes that crashed or lost their connection before committing. Returns how many
    /// it removed. A write still in progress is protected twice: by the grace period, and by its
    /// commit's check on its chunk set, which fails if the set was removed.
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
            if let owner = try? StorageKey(String(decoding: set.data, as: UTF8.self)),
                let (record, _) = try await readRecord(owner), record.manifest?.id == id
            {
                continue
            }
            await deleteChunkSet(id)
            removed += 1
        }
        if removed > 0 { logger.info("Removed orphaned chunk sets", metadata: ["count": "\(removed)"]) }
        return removed
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
