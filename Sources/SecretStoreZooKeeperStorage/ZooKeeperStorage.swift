import Foundation
import Logging
import SecretStoreCore
import SecretStoreZooKeeper
import Synchronization

/// Storage in ZooKeeper, shared by every server instance that uses the same root znode.
///
/// Each key is a znode under `root` whose data is a `StoredRecord`. Values too large for one znode
/// are written first as an immutable chunk set under `root/@chunks`, then switched in by one `multi`
/// that also deletes the chunk set it replaces; readers follow the manifest and retry when a chunk set
/// vanished under them, so no reader sees part of a value. Chunk sets of writes that never committed
/// are removed by `sweepOrphanedChunks`. See docs/zookeeper-layout.md.
public final class ZooKeeperStorage: Storage {
    /// The client every operation goes through.
    public let client: ZooKeeperClient
    /// The root znode, e.g. `/dcos/secrets`.
    public let root: String
    public let maximumValueSize: Int
    public var isReachable: Bool { client.isConnected }
    let logger: Logger

    /// What we last saw of a key's record at a version: lets a conditional update or delete skip the
    /// read it would otherwise need to find a replaced chunk set. Only a hint: ZooKeeper's version
    /// check makes a stale entry fail safely.
    let knownRecords = Mutex<[StorageKey: (version: Int32, manifest: ChunkManifest?)]>([:])
    static let knownRecordsLimit = 50_000

    private init(client: ZooKeeperClient, root: String, maximumValueSize: Int, logger: Logger) {
        self.client = client
        self.root = root
        self.maximumValueSize = maximumValueSize
        self.logger = logger
    }

    /// Opens the storage under `root`, creating the root and its bookkeeping znodes if missing.
    public static func open(
        client: ZooKeeperClient, root: String = "/dcos/secrets",
        maximumValueSize: Int = StorageLimits.defaultMaximumValueSize,
        logger: Logger = Logger(label: "secretstore.storage")
    ) async throws -> ZooKeeperStorage {
        let normalized = "/" + root.split(separator: "/").joined(separator: "/")
        guard normalized != "/" else { throw StorageError(.invalidKey, "the storage root cannot be /") }
        let storage = ZooKeeperStorage(
            client: client, root: normalized, maximumValueSize: maximumValueSize, logger: logger)
        try await storage.mapErrors(key: nil) {
            try await client.ensurePath(storage.chunksRoot, deadline: storage.deadline())
        }
        return storage
    }

    // MARK: Layout

    func znodePath(_ key: StorageKey) -> String { key.isRoot ? root : root + "/" + key.path }
    var chunksRoot: String { root + "/@chunks" }
    func chunkSetPath(_ id: String) -> String { chunksRoot + "/" + id }
    func chunkPath(_ id: String, _ index: Int) -> String { chunkSetPath(id) + "/" + String(index) }

    // MARK: Reading

    public func read(_ key: StorageKey) async throws -> VersionedValue? {
        guard !key.isRoot else { return nil }
        // A chunk set can vanish between reading the manifest and reading the chunks, when the value
        // is replaced meanwhile: then read the new manifest.
        for _ in 0..<8 {
            guard let (record, stat) = try await readRecord(key) else { return nil }
            let version = StorageVersion(Int64(stat.version))
            switch record {
            case .folder:
                return nil
            case .inline(let bytes):
                return VersionedValue(bytes: bytes, version: version)
            case .chunked(let manifest):
                if let bytes = try await readChunks(manifest, key: key) {
                    return VersionedValue(bytes: bytes, version: version)
                }
            }
        }
        throw StorageError(.unavailable, "the value at \(key) kept changing while it was read")
    }

    public func storedSize(_ key: StorageKey) async throws -> Int? {
        guard !key.isRoot, let (record, _) = try await readRecord(key) else { return nil }
        switch record {
        case .folder: return nil
        case .inline(let bytes): return bytes.count
        // The manifest records the value's length: no chunk needs reading.
        case .chunked(let manifest): return manifest.length
        }
    }

    /// The record at `key` and its znode's metadata, or `nil` when there is no znode.
    func readRecord(_ key: StorageKey) async throws -> (StoredRecord, ZooKeeperStat)? {
        let node: ZooKeeperNode
        do {
            node = try await mapErrors(key: key) { try await client.get(znodePath(key), deadline: deadline()) }
        } catch let error as ZooKeeperError where error.code == .noNode {
            forget(key)
            return nil
        }
        let record = try StoredRecord(decoding: node.data, key: key)
        remember(key, version: node.stat.version, manifest: record.manifest)
        return (record, node.stat)
    }

    /// The assembled value of a chunk set, or `nil` if a chunk is gone (the value was replaced).
    func readChunks(_ manifest: ChunkManifest, key: StorageKey) async throws -> [UInt8]? {
        let parts = try await withThrowingTaskGroup(of: (Int, [UInt8]?).self) { group in
            for index in 0..<manifest.count {
                group.addTask {
                    do {
                        return (
                            index,
                            try await self.mapErrors(key: key) {
                                try await self.client.get(
                                    self.chunkPath(manifest.id, index), deadline: self.deadline()
                                ).data
                            }
                        )
                    } catch let error as ZooKeeperError where error.code == .noNode {
                        return (index, nil)
                    }
                }
            }
            var parts = [[UInt8]?](repeating: nil, count: manifest.count)
            for try await (index, bytes) in group { parts[index] = bytes }
            return parts
        }
        var value = [UInt8]()
        value.reserveCapacity(manifest.length)
        for part in parts {
            guard let part else { return nil }
            value.append(contentsOf: part)
        }
        guard value.count == manifest.length else {
            throw StorageError(.corrupted, "the chunks of \(key) do not add up to the recorded length")
        }
        return value
    }

    public func children(of key: StorageKey) async throws -> [String] {
        do {
            let names = try await mapErrors(key: key) {
                try await client.children(znodePath(key), deadline: deadline())
            }
            // Bookkeeping znodes start with `@`, which no key component can.
            return names.filter { StorageKey.isValidComponent($0) }.sorted {
                $0.utf8.lexicographicallyPrecedes($1.utf8)
            }
        } catch let error as ZooKeeperError where error.code == .noNode {
            return []
        }
    }

    public func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        let events = try await mapErrors(key: key) { try await client.watch(znodePath(key), deadline: deadline()) }
        // The client's durable watch re-arms itself in the consumer's `next()`: no task here either.
        return events.map { @Sendable event in event == .changed ? StorageChange.changed(key) : .resync }
    }

    public func notifyOnNextChange(
        of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation
    ) async throws {
        let watch = try await mapErrors(key: key) { try await client.watchOnce(znodePath(key), deadline: deadline()) }
        // Runs on the library's completion thread: yielding into a continuation never blocks.
        watch.onFire { trigger in changes.yield(trigger == .sessionLost ? .resync : .changed(key)) }
    }

    // MARK: Deadlines

    /// When a ZooKeeper call starting now must have answered: the operation timeout, within what is
    /// left of the request's shared deadline (`StorageDeadline`).
    func deadline() -> ContinuousClock.Instant {
        StorageDeadline.deadline(forCallTaking: client.configuration.operationTimeout)
    }

    // MARK: Known records

    func remember(_ key: StorageKey, version: Int32, manifest: ChunkManifest?) {
        knownRecords.withLock { known in
            if known.count >= Self.knownRecordsLimit { known.removeAll(keepingCapacity: true) }
            known[key] = (version, manifest)
        }
    }

    func forget(_ key: StorageKey) { _ = knownRecords.withLock { $0.removeValue(forKey: key) } }

    /// Whether the record at `key` is known to hold no chunk set at `version`: then a conditional
    /// write at that version has nothing to clean up and needs no read first.
    func holdsNoChunkSet(_ key: StorageKey, at version: StorageVersion) -> Bool {
        knownRecords.withLock { known in
            guard let entry = known[key], Int64(entry.version) == version.rawValue else { return false }
            return entry.manifest == nil
        }
    }

    // MARK: Errors

    /// Runs a ZooKeeper call, turning "cannot reach ZooKeeper" and ACL refusals into `StorageError`;
    /// answers such as `.noNode` stay `ZooKeeperError` for the caller to interpret.
    func mapErrors<R>(key: StorageKey?, _ body: () async throws -> R) async throws -> R {
        do {
            return try await body()
        } catch let error as ZooKeeperError {
            throw translate(error, key: key)
        }
    }

    /// The `StorageError` for ZooKeeper failures that are not answers about the data: unreachable,
    /// refused, too large. Any other code is returned unchanged for the caller to interpret.
    func translate(_ error: ZooKeeperError, key: StorageKey?) -> any Error {
        let subject = key.map { " (\($0))" } ?? ""
        if error.code.isUnavailable {
            return StorageError(.unavailable, "ZooKeeper is unavailable: \(error.code)\(subject)")
        }
        if error.code == .noAuth {
            return StorageError(.accessDenied, "ZooKeeper refused this server's identity\(subject)")
        }
        if error.code == .requestTooLarge {
            return StorageError(.tooLarge, "the request is too large for ZooKeeper\(subject)")
        }
        return error
    }
}
