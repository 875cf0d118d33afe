import Foundation
import ServiceLifecycle

/// Create, read, update, delete and list of the secrets of one store (contract §2), through the
/// barrier: what reaches storage is an envelope holding the encrypted `SecretRecord`, at
/// `secrets/<store>/<path>`.
///
/// Every write is version-checked in storage, so concurrent writers on several instances never
/// lose an update silently: an update that loses the race re-reads and tries once more, then
/// answers `CONFLICT`.
///
/// As a `Service` it keeps its read cache valid; while it does not run, reads go to storage.
public final class SecretVault: Service, Sendable {
    /// Seals and opens the records.
    public let barrier: Barrier
    let storage: any Storage
    /// The largest value accepted, in bytes (raw bytes of a binary secret, UTF-8 of a text one).
    public let maximumValueSize: Int
    /// The most bytes a secret's description and labels may take, as `SecretRecord.encodedMetadataSize`
    /// counts them.
    public let maximumMetadataSize: Int
    /// The folder of this store's secrets.
    let root: StorageKey
    /// Recently read secrets' envelopes (ciphertext), for reads without a storage round trip.
    let cache: StorageReadCache
    /// The store-wide capacity budget every growing write reserves from; `nil`: no budget.
    public let capacity: CapacityAccountant?

    /// The contract's default size limit: 1 MiB.
    public static let defaultMaximumValueSize = 1_048_576
    /// The default bound on a secret's description and labels: 64 KiB encoded.
    public static let defaultMaximumMetadataSize = 64 * 1024

    /// A vault for the store `barrier` seals.
    public init(
        storage: any Storage, barrier: Barrier, maximumValueSize: Int = SecretVault.defaultMaximumValueSize,
        maximumMetadataSize: Int = SecretVault.defaultMaximumMetadataSize, capacity: CapacityAccountant? = nil
    ) {
        self.capacity = capacity
        self.storage = storage
        self.barrier = barrier
        self.maximumValueSize = maximumValueSize
        self.maximumMetadataSize = maximumMetadataSize
        root = StoreLayout.secrets(of: barrier.storeID)
        cache = StorageReadCache(storage: storage)
    }

    /// Runs the read cache's one invalidation loop (`StorageReadCache.followChanges()`) until
    /// graceful shutdown: reads are served from the cache only meanwhile.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.cache.followChanges() }
    }

    /// Whether reads are served from the cache (`run()` is running).
    package var isCaching: Bool { cache.isActive }

    /// How many keys the read cache holds anything for (see `StorageReadCache.trackedKeys`).
    package var cacheTrackedKeys: Int { cache.trackedKeys }

    /// Creates a secret; `ALREADY_EXISTS` if there is one at `path`.
    public func create(_ path: SecretPath, _ content: SecretContent, author: String, now: Date = Date()) async throws {
        try checkWritable(path, content)
        let record = SecretRecord(
            kind: content.kind, value: content.value, author: author, created: now,
            description: content.description, labels: content.labels ?? [])
        let key = storageKey(path)
        // Whatever the outcome (an unknown one included), this instance's cached copy is stale.
        defer { cache.invalidate(key) }
        let envelope = try await seal(record, path)
        do {
            try await reserving(CapacityAmount(bytes: envelope.count, secrets: 1)) {
                try await storage.create(key, envelope)
            }
        } catch let error as StorageError where error.code == .alreadyExists {
            throw SecretError(.alreadyExists, "a secret already exists at \(path)")
        }
    }

    /// The secret at `path`; `NOT_FOUND` if there is none (a folder is not a secret).
    public func read(_ path: SecretPath) async throws -> SecretRecord {
        try checkUnsealed()
        guard let stored = try await cache.read(storageKey(path)) else {
            throw SecretError(.notFound, "no secret at \(path)")
        }
        return try await open(stored.bytes, path)
    }

    /// Whether a secret is at `path` (a folder is not a secret), without decrypting it.
    public func contains(_ path: SecretPath) async throws -> Bool {
        try checkUnsealed()
        return try await cache.read(storageKey(path)) != nil
    }

    /// Replaces the value of the secret at `path` (and its description and labels, where given);
    /// author and creation time stay. `NOT_FOUND` if there is none.
    public func update(_ path: SecretPath, _ content: SecretContent) async throws {
        try checkWritable(path, content)
        let key = storageKey(path)
        defer { cache.invalidate(key) }
        for _ in 0..<2 {
            guard let stored = try await storage.read(key) else { throw SecretError(.notFound, "no secret at \(path)") }
            var record = try await open(stored.bytes, path)
            record.kind = content.kind
            record.value = content.value
            if let description = content.description { record.description = description }
            if let labels = content.labels { record.labels = labels }
            let envelope = try await seal(record, path)
            let change = CapacityAmount(bytes: envelope.count - stored.bytes.count, secrets: 0)
            do {
                try await reserving(change) {
                    try await storage.update(key, envelope, expected: stored.version)
                }
                return
            } catch let error as StorageError where error.code == .versionConflict {
                continue
            } catch let error as StorageError where error.code == .notFound {
                throw SecretError(.notFound, "no secret at \(path)")
            }
        }
        throw SecretError(.conflict, "the secret at \(path) was changed concurrently twice; try again")
    }

    /// Deletes the secret at `path`, not what lies below it; `NOT_FOUND` if there is none.
    public func delete(_ path: SecretPath) async throws {
        try checkUnsealed()
        let key = storageKey(path)
        defer { cache.invalidate(key) }
        guard let capacity else {
            do {
                return try await storage.delete(key)
            } catch let error as StorageError where error.code == .notFound {
                throw SecretError(.notFound, "no secret at \(path)")
            }
        }
        // With a budget the size freed must be the size deleted: delete the version measured.
        for _ in 0..<2 {
            guard let size = try await storage.read(key).map({ ($0.bytes.count, $0.version) }) else {
                throw SecretError(.notFound, "no secret at \(path)")
            }
            do {
                try await storage.delete(key, expected: size.1)
            } catch let error as StorageError where error.code == .versionConflict {
                continue
            } catch let error as StorageError where error.code == .notFound {
                throw SecretError(.notFound, "no secret at \(path)")
            }
            await capacity.free(CapacityAmount(bytes: size.0, secrets: 1))
            return
        }
        throw SecretError(.conflict, "the secret at \(path) was changed concurrently twice; try again")
    }

    /// The secrets below `folder` at any depth, named relative to it, sorted byte-wise; never an error
    /// for a missing folder.
    public func list(_ folder: SecretPath) async throws -> [String] {
        try checkUnsealed()
        let base = storageKey(folder)
        let depth = base.components.count
        return try await storage.valueKeys(below: base)
            .map { $0.components[depth...].joined(separator: "/") }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Runs `write` under a reservation of `change`'s growth, and frees what it shrinks once it
    /// succeeded.
    private func reserving(_ change: CapacityAmount, _ write: () async throws -> Void) async throws {
        guard let capacity else { return try await write() }
        let reservation = try await capacity.reserve(change)
        do {
            try await write()
        } catch {
            reservation.finish(after: error)
            throw error
        }
        reservation.finish(applied: true)
        await capacity.free(change.freed)
    }

    func storageKey(_ path: SecretPath) -> StorageKey {
        // Secret path components are a subset of storage key components: no validation needed again.
        path.components.reduce(root) { $0.appendingValidated($1) }
    }

    private func checkUnsealed() throws {
        if barrier.isSealed { throw SealError(.sealed, "the store is sealed") }
    }

    private func checkWritable(_ path: SecretPath, _ content: SecretContent) throws {
        try checkUnsealed()
        guard !path.isRoot else { throw SecretError(.invalidPath, "a secret needs a path") }
        guard content.value.count <= maximumValueSize else {
            throw SecretError(.tooLarge, "a secret value may hold at most \(maximumValueSize) bytes")
        }
        try checkMetadata(
            SecretRecord.encodedMetadataSize(description: content.description, labels: content.labels ?? []))
    }

    private func checkMetadata(_ size: Int) throws(SecretError) {
        guard size <= maximumMetadataSize else {
            throw SecretError(
                .tooLarge, "a secret's description and labels may take at most \(maximumMetadataSize) bytes")
        }
    }

    /// Encrypts `record` for `path`, after bounding the whole record: an update keeps the stored
    /// description or labels where the request gives none, so the sum is checked here, not only the
    /// request's parts.
    private func seal(_ record: SecretRecord, _ path: SecretPath) async throws -> [UInt8] {
        try checkMetadata(record.encodedMetadataSize)
        let encoded = record.encoded()
        let bound = SecretRecord.maximumEncodedSize(valueLimit: maximumValueSize, metadataLimit: maximumMetadataSize)
        guard encoded.count <= bound else {
            throw SecretError(.tooLarge, "a secret record may take at most \(bound) bytes")
        }
        return try await barrier.encrypt(encoded, path: path.path)
    }

    private func open(_ bytes: [UInt8], _ path: SecretPath) async throws -> SecretRecord {
        try SecretRecord(decoding: try await barrier.decrypt(bytes, path: path.path))
    }
}
