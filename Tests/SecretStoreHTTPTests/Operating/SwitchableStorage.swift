import SecretStoreCore
import Synchronization

/// In-memory storage whose reachability a test turns off and on, as a lost ZooKeeper connection
/// looks to the store (`Storage.isReachable`); the data stays readable meanwhile.
final class SwitchableStorage: Storage {
    private let base = InMemoryStorage()
    private let reachable = Atomic(true)

    /// Whether storage reports itself reachable.
    var isReachable: Bool { reachable.load(ordering: .relaxed) }

    /// Turns reachability off (`false`) or back on.
    func setReachable(_ value: Bool) { reachable.store(value, ordering: .relaxed) }

    var maximumValueSize: Int { base.maximumValueSize }

    func read(_ key: StorageKey) async throws -> VersionedValue? { try await base.read(key) }

    func children(of key: StorageKey) async throws -> [String] { try await base.children(of: key) }

    func valueKeys(below key: StorageKey) async throws -> [StorageKey] { try await base.valueKeys(below: key) }

    func commit(_ mutations: [StorageMutation]) async throws { try await base.commit(mutations) }

    func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        try await base.watch(key)
    }

    func notifyOnNextChange(of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation) async throws {
        try await base.notifyOnNextChange(of: key, into: changes)
    }

    func storedSize(_ key: StorageKey) async throws -> Int? { try await base.storedSize(key) }
}
