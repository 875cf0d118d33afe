import SecretStoreCore
import SecretStoreTesting
import Testing

/// The conformance suite against the in-memory backend (`ZooKeeperStorageConformanceTests` runs
/// the same cases against ZooKeeper).
@Suite("Storage conformance")
struct StorageConformanceTests {
    @Test("in memory", arguments: StorageConformance.cases)
    func inMemory(_ conformanceCase: StorageConformanceCase) async throws {
        try await conformanceCase.run(InMemoryStorage())
    }
}
