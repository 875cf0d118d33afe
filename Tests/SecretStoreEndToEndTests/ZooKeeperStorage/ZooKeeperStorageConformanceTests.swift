import SecretStoreTesting
import Testing

/// The storage conformance suite, unchanged, against the ZooKeeper backend on a real ZooKeeper
/// server (`StorageConformanceTests` runs the same cases against the in-memory backend).
@Suite("Storage conformance on ZooKeeper")
struct ZooKeeperStorageConformanceTests {
    @Test("ZooKeeper", .timeLimit(.minutes(2)), arguments: StorageConformance.cases)
    func zooKeeper(_ conformanceCase: StorageConformanceCase) async throws {
        try await ZooKeeperFixture.withStorage { try await conformanceCase.run($0) }
    }
}
