import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper
import Testing

@testable import SecretStoreZooKeeperStorage

/// A writer slower than the sweeper's grace period, interleaved with the sweeper at the two points
/// that matter, through the real commit plan: a value is never acknowledged with its chunks being
/// deleted (found by the Promela model of the chunked commit: before, the sweeper deleted the
/// chunks of a set whose late commit then succeeded).
@Suite("Chunk sweeper against a late writer")
struct ChunkSweeperRaceTests {
    static let key = try! StorageKey("app/keystore")

    /// Writes `value`'s chunk set for an update of the key, without committing: what a writer that
    /// stalls between its chunks and its commit has done. Returns the plan and the set's id.
    static func stalledWrite(_ storage: ZooKeeperStorage, _ value: [UInt8]) async throws -> (CommitPlan, String) {
        let version = try #require(try await storage.read(key)).version
        let before = Set(try await storage.client.children(storage.root + "/@chunks"))
        let plan = try await CommitPlan([.update(key, value, expected: version)], storage: storage)
        try await plan.writeChunkSets()
        let after = Set(try await storage.client.children(storage.root + "/@chunks"))
        return (plan, try #require(after.subtracting(before).first))
    }

    @Test func aCommitAfterTheSweeperCondemnedItsSetFailsAndThePreviousValueStays() async throws {
        try await ZooKeeperFixture.withStorage { storage in
            let previous = pattern(1_200_000, seed: 1)
            try await storage.create(Self.key, previous)
            let (plan, id) = try await Self.stalledWrite(storage, pattern(1_100_000, seed: 2))
            // The sweeper found the set unowned and condemned it; it is about to delete the chunks.
            let set = try await storage.client.get(storage.chunkSetPath(id))
            #expect(try await storage.isOwned(id, set: set) == false)
            #expect(try await storage.condemn(id, set: set))
            // The late commit is refused, so it is never acknowledged.
            await #expect(throws: ZooKeeperMultiError.self) {
                try await storage.client.multi(plan.operations)
            }
            #expect(try await storage.read(Self.key)?.bytes == previous)
            #expect(try await storage.sweepOrphanedChunks(olderThan: .zero) == 1)
            #expect(try await storage.read(Self.key)?.bytes == previous)
        }
    }

    @Test func aCommitBeforeTheCondemnationKeepsItsSet() async throws {
        try await ZooKeeperFixture.withStorage { storage in
            try await storage.create(Self.key, pattern(1_200_000, seed: 3))
            let value = pattern(1_100_000, seed: 4)
            let (plan, id) = try await Self.stalledWrite(storage, value)
            // The sweeper read the key's record before the commit...
            let set = try await storage.client.get(storage.chunkSetPath(id))
            #expect(try await storage.isOwned(id, set: set) == false)
            // ...then the commit lands, and the sweeper condemns and reads the record again.
            try await storage.client.multi(plan.operations)
            #expect(try await storage.condemn(id, set: set))
            #expect(try await storage.isOwned(id, set: set))
            // The commit removed the replaced value's set; the condemned one is owned, so kept.
            #expect(try await storage.sweepOrphanedChunks(olderThan: .zero) == 0)
            #expect(try await storage.client.children(storage.root + "/@chunks") == [id])
            #expect(try await storage.read(Self.key)?.bytes == value)
        }
    }
}
