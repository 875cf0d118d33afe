import SecretStoreCore
import Synchronization

/// In-memory storage whose commits that write one chosen key fail as a lost ZooKeeper connection
/// does: either before anything is applied (a server killed mid-rekey) or after the batch was
/// applied (an answer lost on the way back).
final class FailingCommitStorage: Storage {
    enum Failure: Sendable {
        /// Commits succeed.
        case none
        /// The batch is not applied; the commit throws `.unavailable`.
        case beforeApplying
        /// The batch is applied; the commit throws `.unavailable` all the same.
        case afterApplying
    }

    let base = InMemoryStorage()
    private let watched: StorageKey
    private let failure = Mutex(Failure.none)

    /// Commits writing `key` fail as `failing` says (`setFailure` changes it).
    init(failingCommitsOf key: StorageKey) {
        watched = key
    }

    func setFailure(_ mode: Failure) { failure.withLock { $0 = mode } }

    var maximumValueSize: Int { base.maximumValueSize }
    var isReachable: Bool { base.isReachable }

    func read(_ key: StorageKey) async throws -> VersionedValue? { try await base.read(key) }
    func children(of key: StorageKey) async throws -> [String] { try await base.children(of: key) }
    func valueKeys(below key: StorageKey) async throws -> [StorageKey] { try await base.valueKeys(below: key) }

    func commit(_ mutations: [StorageMutation]) async throws {
        let mode = mutations.contains { $0.key == watched } ? failure.withLock { $0 } : .none
        switch mode {
        case .none:
            try await base.commit(mutations)
        case .beforeApplying:
            throw StorageError(.unavailable, "injected: the connection was lost before the commit")
        case .afterApplying:
            try await base.commit(mutations)
            throw StorageError(.unavailable, "injected: the connection was lost after the commit")
        }
    }

    func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        try await base.watch(key)
    }

    func notifyOnNextChange(
        of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation
    ) async throws {
        try await base.notifyOnNextChange(of: key, into: changes)
    }
}
