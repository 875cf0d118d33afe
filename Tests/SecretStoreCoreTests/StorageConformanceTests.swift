import SecretStoreCore
import SecretStoreTesting
import Testing

/// One conformance suite, unchanged, against both storage implementations.
@Suite("Storage conformance")
struct StorageConformanceTests {
    @Test("in memory", arguments: StorageConformance.cases)
    func inMemory(_ conformanceCase: StorageConformanceCase) async throws {
        try await conformanceCase.run(InMemoryStorage())
    }

    @Test("ZooKeeper", .timeLimit(.minutes(2)), arguments: StorageConformance.cases)
    func zooKeeper(_ conformanceCase: StorageConformanceCase) async throws {
        try await ZooKeeperFixture.withStorage { try await conformanceCase.run($0) }
    }
}
