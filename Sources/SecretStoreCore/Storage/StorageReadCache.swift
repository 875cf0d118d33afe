import Synchronization

/// Recently read small values, each kept valid by a storage watch, so that a hot read costs no
/// storage round trip.
///
/// A value is installed only if its key was not invalidated between arming the watch and reading
/// the value, so the cache never holds a value older than its watch. Cached values are served only
/// while the storage is reachable: during an outage reads fail as uncached ones would. After another
/// instance writes a key, this one serves the old value until the watch notification arrives
/// (milliseconds), as a read from a lagging ZooKeeper follower would. Values hold ciphertext only.
final class StorageReadCache: Sendable {
    private struct Entry {
        var value: VersionedValue
        var watch: Task<Void, Never>
    }

    private struct State {
        var entries: [StorageKey: Entry] = [:]
        /// Bumped by every invalidation of a key, so that a read that raced with one is not cached.
        var generations: [StorageKey: UInt64] = [:]
        var totalBytes = 0
    }

    private let state = Mutex(State())
    private let storage: any Storage
    /// Values larger than this are never cached: big reads are rare and would crowd out small ones.
    let maximumEntryBytes: Int
    /// The most bytes of values cached at once.
    let maximumTotalBytes: Int

    init(storage: any Storage, maximumEntryBytes: Int = 64 * 1024, maximumTotalBytes: Int = 32 * 1024 * 1024) {
        self.storage = storage
        self.maximumEntryBytes = maximumEntryBytes
        self.maximumTotalBytes = maximumTotalBytes
    }

    deinit {
        state.withLock { state in
            for entry in state.entries.values { entry.watch.cancel() }
        }
    }

    /// The value at `key`, from the cache when it holds a valid copy and storage is reachable.
    func read(_ key: StorageKey) async throws -> VersionedValue? {
        if storage.isReachable, let hit = state.withLock({ $0.entries[key]?.value }) { return hit }
        let generation = state.withLock { $0.generations[key, default: 0] }
        // The watch is armed before the read, so any change after the read is reported.
        let changes = try await storage.watch(key)
        guard let value = try await storage.read(key) else { return nil }
        guard value.bytes.count <= maximumEntryBytes else { return value }
        let watch = Task { [weak self] in
            for await _ in changes {
                self?.invalidate(key)
                return
            }
        }
        let replaced = state.withLock { state -> Task<Void, Never>? in
            guard state.generations[key, default: 0] == generation else { return watch }
            let previous = state.entries.updateValue(Entry(value: value, watch: watch), forKey: key)
            state.totalBytes += value.bytes.count - (previous?.value.bytes.count ?? 0)
            while state.totalBytes > maximumTotalBytes, let victim = state.entries.first(where: { $0.key != key }) {
                state.entries[victim.key] = nil
                state.totalBytes -= victim.value.value.bytes.count
                victim.value.watch.cancel()
            }
            return previous?.watch
        }
        replaced?.cancel()
        return value
    }

    /// Forgets `key` (after a write through this instance, or when its watch fires).
    func invalidate(_ key: StorageKey) {
        let entry = state.withLock { state -> Entry? in
            state.generations[key, default: 0] &+= 1
            guard let entry = state.entries.removeValue(forKey: key) else { return nil }
            state.totalBytes -= entry.value.bytes.count
            return entry
        }
        entry?.watch.cancel()
    }
}
