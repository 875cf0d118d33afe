import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage
import Testing

/// A large listing over a real ZooKeeper (what it lists is in the storage conformance suite): while
/// it makes progress, the request's deadline does not cut it off.
@Suite("ZooKeeper storage listing", .timeLimit(.minutes(3)))
struct ZooKeeperStorageListingTests {
    /// The client's operation timeout.
    static let timeout = Duration.seconds(1)

    @Test func aListingThatMakesProgressOutlivesTheRequestsDeadline() async throws {
        let server = try await ZooKeeperTestServer.shared()
        let root = ZooKeeperFixture.uniqueRoot("listing")
        // The values are written through a client with the usual timeout: 2,040 creates at once
        // on a loaded machine may take longer than the short timeout the listing is tested with.
        try await ZooKeeperFixture.withClient(server) { writer in
            do {
                let expected = try await Self.fill(try await ZooKeeperStorage.open(client: writer, root: root))
                try await ZooKeeperFixture.withClient(server, operationTimeout: Self.timeout) { reader in
                    try await Self.listBeyondTheDeadline(
                        try await ZooKeeperStorage.open(client: reader, root: root), expected: expected)
                }
            } catch {
                await ZooKeeperFixture.deleteRecursively(root, client: writer)
                throw error
            }
            await ZooKeeperFixture.deleteRecursively(root, client: writer)
        }
    }

    /// Writes 40 folders of 50 values; every other folder holds a value of its own too.
    static func fill(_ storage: ZooKeeperStorage) async throws -> Set<StorageKey> {
        var expected: Set<StorageKey> = []
        for folder in 0..<40 {
            if folder % 2 == 0 { expected.insert(try StorageKey("f\(folder)")) }
            for index in 0..<50 { expected.insert(try StorageKey("f\(folder)/s\(index)")) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Parents first: a folder's own value is created before the values below it.
            for key in expected.sorted(by: { $0.components.count < $1.components.count }) {
                group.addTask { try await storage.create(key, [0x01, 0x02]) }
                if key.components.count == 1 { try await group.next() }
            }
            try await group.waitForAll()
        }
        return expected
    }

    static func listBeyondTheDeadline(_ storage: ZooKeeperStorage, expected: Set<StorageKey>) async throws {
        let (listed, elapsed) = try await StorageDeadline.run {
            // The request's clock starts with its first storage call; most of its timeout is
            // spent before the listing begins, too little for 2,000 znodes' worth of calls.
            let start = ContinuousClock.now
            _ = try await storage.read(try StorageKey("f0"))
            try await Task.sleep(until: start.advanced(by: Self.timeout - .milliseconds(100)), clock: .continuous)
            let listed = try await storage.valueKeys(below: .root)
            return (listed, ContinuousClock.now - start)
        }
        #expect(Set(listed) == expected)
        #expect(listed.count == expected.count, "a key was listed twice")
        #expect(elapsed > Self.timeout, "the listing fitted in the deadline's rest (\(elapsed)): nothing tested")
    }
}
