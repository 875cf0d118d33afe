import SecretStoreCore
import SecretStoreZooKeeper

extension ZooKeeperStorage {
    public func commit(_ mutations: [StorageMutation]) async throws {
        try StorageMutation.validate(mutations, maximumValueSize: maximumValueSize)
        if mutations.count == 1, let done = try await commitSingle(mutations[0]), done { return }
        // Each attempt reads the current records, plans one `multi` and submits it. A plan goes
        // stale when another writer gets in between; the next attempt's checks then report why.
        for _ in 0..<6 {
            let plan = try await CommitPlan(mutations, storage: self)
            do {
                try await plan.writeChunkSets()
                try await plan.createParents()
                // A large value's commit goes alone: batched, it would queue behind its chunks.
                try await client.multi(plan.operations, deadline: deadline(), batched: !plan.writesChunkSets)
                plan.remember()
                await plan.removeEmptyFolders()
                return
            } catch let error as ZooKeeperMultiError {
                await plan.discardChunkSets()
                // Another writer got in between the reads and the multi: plan again. Anything else
                // (an ACL refusal, say) would fail the same way every time.
                guard Self.lostRace(error.code) else {
                    throw translate(ZooKeeperError(error.code, operation: "zoo_amulti", path: error.path), key: nil)
                }
                continue
            } catch let error as ZooKeeperError where error.code.isAmbiguous {
                if try await plan.verifyApplied() { return }
                throw StorageError(
                    .unavailable, "ZooKeeper did not confirm the write (\(error.code)); it was not applied")
            } catch let error as ZooKeeperError {
                throw translate(error, key: mutations[0].key)
            }
        }
        throw StorageError(.versionConflict, "the keys kept changing while this batch was committed")
    }

    /// Whether a conditional write failed because the data changed since it was read.
    static func lostRace(_ code: ZooKeeperError.Code) -> Bool {
        code == .badVersion || code == .nodeExists || code == .noNode || code == .notEmpty
    }

    /// The largest value stored inline at `key`.
    func inlineCapacity(_ key: StorageKey) -> Int { inlineCapacity(path: znodePath(key)) }

    /// The largest value stored inline in the znode at `path`.
    func inlineCapacity(path: String) -> Int {
        ZooKeeperRequestSize.maximumData(path: path, packetLimit: client.configuration.packetLimit) - 1
    }

    /// One round trip for the common single-key writes of small values: a plain create, or a
    /// conditional set or delete when we know the record at the expected version holds no chunk set.
    /// Returns `nil` when the general path must decide.
    private func commitSingle(_ mutation: StorageMutation) async throws -> Bool? {
        let key = mutation.key
        let path = znodePath(key)
        switch mutation {
        case .create(_, let value) where value.count <= inlineCapacity(path: path):
            let record = StoredRecord.inline(value).encoded
            do {
                try await client.create(path, data: record, deadline: deadline())
            } catch let error as ZooKeeperError where error.code == .noNode {
                // The parent folder is missing: create it, then try once more.
                try await mapErrors(key: key) {
                    try await client.ensurePath(znodePath(key.parent), deadline: deadline())
                }
                do {
                    try await client.create(path, data: record, deadline: deadline())
                } catch let error as ZooKeeperError {
                    return try await resolveSingle(error, key: key, expecting: .inline(value))
                }
            } catch let error as ZooKeeperError {
                return try await resolveSingle(error, key: key, expecting: .inline(value))
            }
            remember(key, version: 0, manifest: nil)
            return true
        case .update(_, let value, let expected) where value.count <= inlineCapacity(path: path):
            guard holdsNoChunkSet(key, at: expected), let version = Int32(exactly: expected.rawValue) else {
                return nil
            }
            do {
                let stat = try await client.set(
                    path, data: StoredRecord.inline(value).encoded, version: version, deadline: deadline())
                remember(key, version: stat.version, manifest: nil)
                return true
            } catch let error as ZooKeeperError {
                return try await resolveSingle(error, key: key, expecting: .inline(value))
            }
        case .delete(_, let expected?):
            guard holdsNoChunkSet(key, at: expected), let version = Int32(exactly: expected.rawValue) else {
                return nil
            }
            do {
                try await client.delete(path, version: version, deadline: deadline())
                forget(key)
                await removeEmptyFolders(above: key)
                return true
            } catch let error as ZooKeeperError where error.code == .notEmpty {
                // Keys live below this one: keep the znode as a folder.
                do {
                    let stat = try await client.set(path, data: [], version: version, deadline: deadline())
                    remember(key, version: stat.version, manifest: nil)
                    return true
                } catch let error as ZooKeeperError {
                    return try await resolveSingle(error, key: key, expecting: .folder)
                }
            } catch let error as ZooKeeperError {
                return try await resolveSingle(error, key: key, expecting: .folder)
            }
        default:
            return nil
        }
    }

    /// After a fast-path write failed: `nil` (let the general path classify it) when it lost a race,
    /// `true` when an ambiguous failure turns out to have been applied, or a thrown `StorageError`.
    private func resolveSingle(_ error: ZooKeeperError, key: StorageKey, expecting: StoredRecord) async throws -> Bool?
    {
        switch error.code {
        case let code where Self.lostRace(code):
            return nil
        case let code where code.isAmbiguous:
            let current = try await readRecord(key)?.0 ?? .folder
            if current == expecting { return true }
            throw StorageError(
                .unavailable, "ZooKeeper did not confirm the write to \(key) (\(code)); it was not applied")
        default:
            throw translate(error, key: key)
        }
    }

    /// Deletes folders above `key` that hold no value and have no children, bottom up; stops at the
    /// first that is still in use. Best effort: a folder left behind is harmless.
    func removeEmptyFolders(above key: StorageKey) async {
        var folder = key.parent
        while !folder.isRoot {
            guard let stat = try? await client.exists(znodePath(folder), deadline: deadline()), stat.dataLength == 0,
                stat.numChildren == 0
            else { return }
            // The version check keeps a folder that just became a key; ZNOTEMPTY keeps one that just got a child.
            guard (try? await client.delete(znodePath(folder), version: stat.version, deadline: deadline())) != nil
            else { return }
            folder = folder.parent
        }
    }
}
