import Foundation

extension IdentityDirectory {
    /// Makes one change, computed by `body` from a current snapshot, atomically with a bump of the
    /// journal whose version it checks. If another writer got in first, the snapshot is refreshed
    /// and `body` runs again; a second lost race is `.conflict`. Writes of this instance queue up
    /// rather than race each other. When this returns, this instance's snapshot includes the change.
    func transact<T: Sendable>(
        _ body: (IdentitySnapshot) throws -> (IdentityChangeSet, T)
    ) async throws -> T {
        try await writes.withTurn {
            for _ in 0..<2 {
                try await refresh()
                let base = snapshot
                let (changes, result) = try body(base)
                if changes.isEmpty { return result }
                do {
                    try await storage.commit(try mutations(for: changes, on: base))
                } catch let error as StorageError
                    where [.versionConflict, .alreadyExists, .notFound].contains(error.code)
                {
                    logger.debug("Identity write lost a race; retrying", metadata: ["error": "\(error)"])
                    continue
                }
                try await refresh()
                return result
            }
            throw IdentityError(.conflict, "identity data changed concurrently twice; try again")
        }
    }

    private func mutations(for changes: IdentityChangeSet, on base: IdentitySnapshot) throws -> [StorageMutation] {
        var mutations: [StorageMutation] = []
        func stage(_ key: StorageKey, _ value: (some Encodable)?) throws {
            let version = base.versions[key]
            switch (value, version) {
            case (let value?, let version?): mutations.append(.update(key, try encode(value), expected: version))
            case (let value?, nil): mutations.append(.create(key, try encode(value)))
            case (nil, let version?): mutations.append(.delete(key, expected: version))
            case (nil, nil): break
            }
        }
        for (uid, user) in changes.users { try stage(IdentityRecordKey.user(uid), user) }
        for (gid, group) in changes.groups { try stage(IdentityRecordKey.group(gid), group) }
        for (rid, acl) in changes.acls { try stage(IdentityRecordKey.acl(rid), acl) }
        let journal = try encode(base.journal.appending(mutations.map(\.key)))
        if let version = base.revisionVersion {
            mutations.append(.update(IdentityRecordKey.revision, journal, expected: version))
        } else {
            mutations.append(.create(IdentityRecordKey.revision, journal))
        }
        return mutations
    }

    private func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }
}
