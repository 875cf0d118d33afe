import Synchronization

/// Storage in this process's memory: for unit tests and the `--storage memory` development mode.
/// Nothing survives a restart, and it is not shared between server instances.
public final class InMemoryStorage: Storage {
    private struct State {
        var values: [StorageKey: VersionedValue] = [:]
        var nextVersion: Int64 = 0
        var watchers: [StorageKey: [Int: AsyncStream<StorageChange>.Continuation]] = [:]
        /// One-shot notifications (`notifyOnNextChange`), dropped once delivered.
        var notifications: [StorageKey: [AsyncStream<StorageChange>.Continuation]] = [:]
        var nextWatcher = 0
    }

    private let state = Mutex(State())
    public let maximumValueSize: Int
    /// Memory is always reachable.
    public var isReachable: Bool { true }

    /// Creates an empty store.
    public init(maximumValueSize: Int = StorageLimits.defaultMaximumValueSize) {
        self.maximumValueSize = maximumValueSize
    }

    public func read(_ key: StorageKey) async throws -> VersionedValue? {
        state.withLock { $0.values[key] }
    }

    public func children(of key: StorageKey) async throws -> [String] {
        let depth = key.components.count
        let names = state.withLock { state in
            Set(
                state.values.keys.lazy.filter { $0.components.count > depth && $0.hasPrefix(key) }.map {
                    $0.components[depth]
                })
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func valueKeys(below key: StorageKey) async throws -> [StorageKey] {
        let depth = key.components.count
        return state.withLock { state in
            state.values.keys.filter { $0.components.count > depth && $0.hasPrefix(key) }
        }
    }

    public func commit(_ mutations: [StorageMutation]) async throws {
        try StorageMutation.validate(mutations, maximumValueSize: maximumValueSize)
        let notify = try state.withLock { state -> [(StorageKey, AsyncStream<StorageChange>.Continuation)] in
            // Validate everything against the current state first, then apply: all or nothing.
            var staged = state.values
            var version = state.nextVersion
            for mutation in mutations {
                let key = mutation.key
                let current = staged[key]
                switch mutation {
                case .create(_, let value):
                    if current != nil { throw StorageError(.alreadyExists, "\(key) already has a value") }
                    version += 1
                    staged[key] = VersionedValue(bytes: value, version: StorageVersion(version))
                case .update(_, let value, let expected):
                    guard let current else { throw StorageError(.notFound, "no value at \(key)") }
                    guard current.version == expected else {
                        throw StorageError(.versionConflict, "\(key) changed since version \(expected)")
                    }
                    version += 1
                    staged[key] = VersionedValue(bytes: value, version: StorageVersion(version))
                case .delete(_, let expected):
                    guard let current else { throw StorageError(.notFound, "no value at \(key)") }
                    if let expected, current.version != expected {
                        throw StorageError(.versionConflict, "\(key) changed since version \(expected)")
                    }
                    staged[key] = nil
                case .check(_, let expected):
                    guard let current else { throw StorageError(.notFound, "no value at \(key)") }
                    guard current.version == expected else {
                        throw StorageError(.versionConflict, "\(key) changed since version \(expected)")
                    }
                }
            }
            state.values = staged
            state.nextVersion = version
            return mutations.filter { if case .check = $0 { false } else { true } }
                .flatMap { mutation in
                    let once = state.notifications.removeValue(forKey: mutation.key) ?? []
                    let durable = state.watchers[mutation.key].map { Array($0.values) } ?? []
                    return (durable + once).map { (mutation.key, $0) }
                }
        }
        // Events carry only the key: watchers read the value themselves.
        for (key, continuation) in notify { continuation.yield(.changed(key)) }
    }

    public func notifyOnNextChange(
        of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation
    ) async throws {
        state.withLock { $0.notifications[key, default: []].append(changes) }
    }

    public func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        let (stream, continuation) = AsyncStream.makeStream(
            of: StorageChange.self, bufferingPolicy: .bufferingNewest(16))
        let id = state.withLock { state in
            state.nextWatcher += 1
            state.watchers[key, default: [:]][state.nextWatcher] = continuation
            return state.nextWatcher
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers[key]?.removeValue(forKey: id) }
        }
        return stream
    }
}

/// Limits shared by every storage implementation, so that the conformance suite holds for all.
public enum StorageLimits {
    /// The largest value a key holds by default: room for a 1 MiB secret, its envelope and metadata.
    public static let defaultMaximumValueSize = 4 * 1024 * 1024
}
