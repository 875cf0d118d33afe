import SecretStoreCore
import SecretStoreZooKeeper

/// One attempt at committing a batch to ZooKeeper: the records read, the chunk sets to write, and
/// the single `multi` that switches everything at once.
struct CommitPlan {
    /// What the multi does to one key's znode.
    private enum Action {
        /// Fail unless the znode is at this version.
        case check(version: Int32)
        /// Remove the znode (it has no children).
        case remove(version: Int32)
        /// Write `record`, creating the znode when `version` is nil.
        case write(version: Int32?)
    }

    private struct Target {
        var key: StorageKey
        var action: Action
        /// What the znode holds afterwards: `.folder` after a delete.
        var record: StoredRecord
        /// Chunks to write before the multi, when `record` is a manifest.
        var chunks: [ArraySlice<UInt8>] = []
    }

    private let storage: ZooKeeperStorage
    private var targets: [Target] = []
    /// Chunk sets the multi deletes because their values are replaced or deleted.
    private var replaced: [ChunkManifest] = []

    /// Reads the current records of every key, checks the batch's preconditions against them
    /// (throwing `StorageError` for the caller's mistakes), and plans the multi.
    init(_ mutations: [StorageMutation], storage: ZooKeeperStorage) async throws {
        self.storage = storage
        let current = try await withThrowingTaskGroup(of: (Int, (StoredRecord, ZooKeeperStat)?).self) { group in
            for (index, mutation) in mutations.enumerated() {
                group.addTask { (index, try await storage.readRecord(mutation.key)) }
            }
            var current = [(StoredRecord, ZooKeeperStat)?](repeating: nil, count: mutations.count)
            for try await (index, record) in group { current[index] = record }
            return current
        }
        for (mutation, existing) in zip(mutations, current) {
            let key = mutation.key
            let record = existing?.0 ?? .folder
            switch mutation {
            case .create(_, let value):
                guard !record.hasValue else { throw StorageError(.alreadyExists, "\(key) already has a value") }
                // A folder znode may already stand where the value goes.
                targets.append(Target(key: key, action: .write(version: existing?.1.version), record: .inline(value)))
            case .update(_, let value, let expected):
                let stat = try Self.checked(key, record, existing?.1, expected: expected)
                targets.append(Target(key: key, action: .write(version: stat.version), record: .inline(value)))
            case .delete(_, let expected):
                let stat = try Self.checked(key, record, existing?.1, expected: expected)
                // Keys below keep the znode alive as a folder.
                let action: Action =
                    stat.numChildren == 0 ? .remove(version: stat.version) : .write(version: stat.version)
                targets.append(Target(key: key, action: action, record: .folder))
            case .check(_, let expected):
                let stat = try Self.checked(key, record, existing?.1, expected: expected)
                targets.append(Target(key: key, action: .check(version: stat.version), record: record))
            }
            if case .check = mutation {} else if let old = record.manifest { replaced.append(old) }
        }
        chunkLargeValues()
    }

    /// The znode's metadata when it holds a value at `expected` (any version when `nil`).
    private static func checked(
        _ key: StorageKey, _ record: StoredRecord, _ stat: ZooKeeperStat?, expected: StorageVersion?
    ) throws -> ZooKeeperStat {
        guard record.hasValue, let stat else { throw StorageError(.notFound, "no value at \(key)") }
        if let expected, expected.rawValue != Int64(stat.version) {
            throw StorageError(.versionConflict, "\(key) changed since version \(expected)")
        }
        return stat
    }

    /// Moves values into chunk sets: those too large for their znode, then the largest until the
    /// multi fits in one request.
    private mutating func chunkLargeValues() {
        let limit = storage.client.configuration.packetLimit
        for index in targets.indices where inlineSize(index) > storage.inlineCapacity(targets[index].key) {
            chunk(index, packetLimit: limit)
        }
        while ZooKeeperRequestSize.multi(operations) > limit {
            guard let largest = targets.indices.max(by: { inlineSize($0) < inlineSize($1) }), inlineSize(largest) > 0
            else { break }
            chunk(largest, packetLimit: limit)
        }
    }

    private func inlineSize(_ index: Int) -> Int {
        guard case .write = targets[index].action, case .inline(let value) = targets[index].record else { return 0 }
        return value.count
    }

    private mutating func chunk(_ index: Int, packetLimit: Int) {
        guard case .inline(let value) = targets[index].record else { return }
        let id = ChunkManifest.newID()
        // Index 9999 stands for the longest chunk name we will use.
        let capacity = ZooKeeperRequestSize.maximumData(path: storage.chunkPath(id, 9999), packetLimit: packetLimit)
        targets[index].chunks = stride(from: 0, to: max(value.count, 1), by: capacity).map {
            value[$0..<min($0 + capacity, value.count)]
        }
        targets[index].record = .chunked(ChunkManifest(id: id, length: value.count, count: targets[index].chunks.count))
    }

    /// The multi: key records first, then guards on the new chunk sets, then deletes of replaced ones.
    var operations: [ZooKeeperOperation] {
        var operations: [ZooKeeperOperation] = targets.map { target in
            let path = storage.znodePath(target.key)
            switch target.action {
            case .check(let version): return .check(path: path, version: version)
            case .remove(let version): return .delete(path: path, version: version)
            case .write(let version?): return .set(path: path, data: target.record.encoded, version: version)
            case .write(nil): return .create(path: path, data: target.record.encoded)
            }
        }
        for target in targets {
            // Fails the multi if the sweeper removed the chunk set meanwhile.
            if let manifest = target.record.manifest, case .write = target.action {
                operations.append(.check(path: storage.chunkSetPath(manifest.id), version: 0))
            }
        }
        for manifest in replaced {
            for index in 0..<manifest.count {
                operations.append(.delete(path: storage.chunkPath(manifest.id, index), version: -1))
            }
            operations.append(.delete(path: storage.chunkSetPath(manifest.id), version: -1))
        }
        return operations
    }

    /// Whether the plan writes chunk sets (large values) before its multi.
    var writesChunkSets: Bool { targets.contains { !$0.chunks.isEmpty } }

    /// Writes the chunk sets of large values, each request on its own (not batched with other
    /// writes, see `ZooKeeperClient.create`). Their set znode names the owning key for the sweeper.
    func writeChunkSets() async throws {
        for target in targets where !target.chunks.isEmpty {
            guard let manifest = target.record.manifest else { continue }
            try await storage.client.create(
                storage.chunkSetPath(manifest.id), data: Array(target.key.path.utf8), deadline: storage.deadline(),
                batched: false)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, chunk) in target.chunks.enumerated() {
                    let path = storage.chunkPath(manifest.id, index)
                    group.addTask {
                        try await storage.client.create(path, data: Array(chunk), deadline: storage.deadline())
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// Creates the parent folders of keys whose znode the multi creates.
    func createParents() async throws {
        for target in targets where !target.key.parent.isRoot {
            if case .write(nil) = target.action {
                try await storage.client.ensurePath(storage.znodePath(target.key.parent), deadline: storage.deadline())
            }
        }
    }

    /// Records what the multi wrote, so the next conditional write can take the fast path.
    func remember() {
        for target in targets {
            switch target.action {
            case .check: continue
            case .remove: storage.forget(target.key)
            case .write(let version):
                storage.remember(target.key, version: version.map { $0 + 1 } ?? 0, manifest: target.record.manifest)
            }
        }
    }

    /// Removes the chunk sets this attempt wrote, after its multi failed. Best effort: the sweeper
    /// removes what this leaves.
    func discardChunkSets() async {
        for target in targets where !target.chunks.isEmpty {
            if let manifest = target.record.manifest { await storage.deleteChunkSet(manifest.id) }
        }
    }

    /// After an ambiguous failure: whether every key now holds what this plan wrote.
    func verifyApplied() async throws -> Bool {
        for target in targets {
            if case .check = target.action { continue }
            let current = try await storage.readRecord(target.key)?.0 ?? .folder
            if current != target.record { return false }
        }
        return true
    }

    /// Deletes folders left empty above keys whose znodes the multi removed.
    func removeEmptyFolders() async {
        for target in targets {
            if case .remove = target.action { await storage.removeEmptyFolders(above: target.key) }
        }
    }
}
