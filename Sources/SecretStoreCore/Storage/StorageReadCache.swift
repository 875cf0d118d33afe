import Synchronization

/// Recently read small values, each kept valid by a one-shot storage notification, so that a hot
/// read costs no storage round trip.
///
/// Every entry's notification goes into one stream of changed keys, which one loop consumes:
/// `followChanges()`, run by the owner's service (`SecretVault.run()`). Values are cached and served
/// only while that loop runs; otherwise every read goes to storage, since nothing would drop a stale
/// entry. A value is installed only if its key was not invalidated between arming its notification
/// and reading the value (counted only while such a read is in flight, so that what is tracked stays
/// bounded by the reads under way, not by every key ever written), so the cache never holds a value
/// older than its notification. A `.resync` (the backend lost its session, so notifications may be
/// lost) drops every entry. Cached values are served only while the storage is reachable: during an
/// outage reads fail as uncached ones would. After another instance writes a key, this one serves
/// the old value until the notification is consumed (milliseconds), as a read from a lagging
/// ZooKeeper follower would. Values hold ciphertext only; entries over `maximumEntryBytes` are never
/// cached, and at most `maximumTotalBytes` are cached in all.
final class StorageReadCache: Sendable {
    private struct State {
        var entries: [StorageKey: VersionedValue] = [:]
        /// The keys with reads under way: how many, and how often the key was invalidated since the
        /// first of them began, so that a read that raced with an invalidation is not cached. An
        /// entry leaves with its last read.
        var reading: [StorageKey: ReadsUnderWay] = [:]
        /// Bumped whenever every entry is dropped (resync, the loop starting or stopping), so that a
        /// read that raced with that is not cached either.
        var epoch: UInt64 = 0
        var totalBytes = 0
        /// Where notifications go while `followChanges()` runs; `nil` otherwise, and then nothing is
        /// cached.
        var sink: AsyncStream<StorageChange>.Continuation?

        /// Ends one read of `key`; the key's invalidations since its reads began.
        mutating func finishReading(_ key: StorageKey) -> UInt64 {
            guard var under = reading[key] else { return 0 }
            under.count -= 1
            reading[key] = under.count == 0 ? nil : under
            return under.invalidations
        }

        mutating func dropAll() {
            entries.removeAll()
            totalBytes = 0
            epoch &+= 1
        }
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

    /// Whether `followChanges()` runs, so that values are cached.
    var isActive: Bool { state.withLock { $0.sink != nil } }

    /// The value at `key`, from the cache when it holds a valid copy and storage is reachable.
    func read(_ key: StorageKey) async throws -> VersionedValue? {
        let reachable = storage.isReachable
        let lookup = state.withLock { state -> Lookup in
            if reachable, let hit = state.entries[key] { return .hit(hit) }
            // Nothing consumes notifications: a cached value could go stale unnoticed.
            guard let sink = state.sink else { return .uncached }
            state.reading[key, default: ReadsUnderWay()].count += 1
            return .reading(sink: sink, invalidations: state.reading[key]?.invalidations ?? 0, epoch: state.epoch)
        }
        let (sink, invalidationsAtStart, epoch): (AsyncStream<StorageChange>.Continuation, UInt64, UInt64)
        switch lookup {
        case .hit(let value): return value
        case .uncached: return try await storage.read(key)
        case .reading(let armedSink, let invalidations, let readEpoch):
            (sink, invalidationsAtStart, epoch) = (armedSink, invalidations, readEpoch)
        }
        let value: VersionedValue?
        do {
            // The notification is armed before the read, so any change after the read is reported.
            try await storage.notifyOnNextChange(of: key, into: sink)
            value = try await storage.read(key)
        } catch {
            state.withLock { _ = $0.finishReading(key) }
            throw error
        }
        state.withLock { state in
            let invalidations = state.finishReading(key)
            guard let value, value.bytes.count <= maximumEntryBytes else { return }
            guard state.epoch == epoch, invalidations == invalidationsAtStart else { return }
            let previous = state.entries.updateValue(value, forKey: key)
            state.totalBytes += value.bytes.count - (previous?.bytes.count ?? 0)
            while state.totalBytes > maximumTotalBytes, let victim = state.entries.first(where: { $0.key != key }) {
                // The victim's notification stays armed; when it fires it finds nothing to drop.
                state.entries[victim.key] = nil
                state.totalBytes -= victim.value.bytes.count
            }
        }
        return value
    }

    /// How many keys the cache holds anything for: its entries and the keys with reads under way.
    /// Writes leave nothing behind, however many keys they touch.
    var trackedKeys: Int { state.withLock { $0.entries.count + $0.reading.count } }

    /// Forgets `key` (after a write through this instance, or when its notification arrives).
    func invalidate(_ key: StorageKey) {
        state.withLock { state in
            state.reading[key]?.invalidations &+= 1
            guard let entry = state.entries.removeValue(forKey: key) else { return }
            state.totalBytes -= entry.bytes.count
        }
    }

    /// Caches values and consumes their notifications until the task is cancelled: the one loop that
    /// keeps the cache valid. Drops everything when it starts and when it stops. One at a time: a
    /// second call while one runs returns at once.
    func followChanges() async {
        let (changes, sink) = AsyncStream.makeStream(of: StorageChange.self, bufferingPolicy: .unbounded)
        let started = state.withLock { state in
            guard state.sink == nil else { return false }
            state.dropAll()
            state.sink = sink
            return true
        }
        guard started else { return }
        for await change in changes {
            switch change {
            case .changed(let key): invalidate(key)
            case .resync: state.withLock { $0.dropAll() }
            }
        }
        // Cancelled: notifications armed from now on (or still armed) go nowhere.
        sink.finish()
        state.withLock { state in
            state.sink = nil
            state.dropAll()
        }
    }
}

/// What a read finds in the cache: a valid copy, no cache running, or a read to make and maybe
/// cache (the notification sink to arm, the key's invalidations so far and the epoch).
private enum Lookup {
    case hit(VersionedValue)
    case uncached
    case reading(sink: AsyncStream<StorageChange>.Continuation, invalidations: UInt64, epoch: UInt64)
}

/// The reads of one key under way, and the key's invalidations since the first of them began.
private struct ReadsUnderWay {
    var count = 0
    var invalidations: UInt64 = 0
}
