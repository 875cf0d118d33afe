import Foundation

/// A backup file read and checked whole, ready to be written: every record is one a store of
/// `storeID` can hold, and the seal's records belong together.
struct BackupContents {
    /// The header.
    let header: BackupHeader
    /// The records other than the seal's and the identity journal, in file order.
    let records: [(key: StorageKey, value: ArraySlice<UInt8>)]
    /// The seal configuration, the keyring and (bootstrap mode) the bootstrap key.
    let sealRecords: [(key: StorageKey, value: [UInt8])]
    /// The identity journal of the backed-up store, if it had one.
    let journal: IdentityJournal?
    /// What the restored secrets take, for the capacity ledger.
    let secretUsage: CapacityAmount

    /// Reads and checks `file` for the store `storeID`; `BackupError.damaged` at the first problem.
    /// Values larger than `maximumValueSize` are damage too: no store of this size could have held them.
    init(file: [UInt8], storeID: String, maximumValueSize: Int) throws {
        let reader = try BackupFileReader(file)
        guard reader.header.storeID == storeID else {
            throw BackupError(.damaged, "the backup is of store '\(reader.header.storeID)', not '\(storeID)'")
        }
        var byKey: [StorageKey: ArraySlice<UInt8>] = [:]
        for (key, value) in reader.records { byKey[key] = value }
        guard let stored = byKey[StoreLayout.sealConfiguration],
            let configuration = try? SealConfiguration(decoding: Array(stored)),
            configuration.mode.rawValue == reader.header.mode
        else { throw BackupError(.damaged, "the backup's seal configuration is missing or does not decode") }
        guard let keyring = byKey[StoreLayout.keyring],
            (try? Envelope(decoding: Array(keyring), path: StoreLayout.keyringBinding))?.term == 0
        else { throw BackupError(.damaged, "the backup's keyring is missing or is not an envelope") }
        guard (byKey[StoreLayout.bootstrapKey] != nil) == (configuration.mode == .bootstrap) else {
            throw BackupError(.damaged, "the backup's bootstrap key does not match its seal mode")
        }
        var journal: IdentityJournal?
        if let revision = byKey[IdentityRecordKey.revision] {
            guard let decoded = try? JSONDecoder().decode(IdentityJournal.self, from: Data(revision)) else {
                throw BackupError(.damaged, "the backup's identity journal does not decode")
            }
            journal = decoded
        }
        guard (byKey[CALayout.certificate] == nil) == (byKey[CALayout.key] == nil) else {
            throw BackupError(.damaged, "the backup holds the CA's certificate without its key, or the reverse")
        }
        let secrets = StoreLayout.secrets(of: storeID)
        var usage = CapacityAmount.zero
        var records: [(key: StorageKey, value: ArraySlice<UInt8>)] = []
        for (key, value) in reader.records {
            guard value.count <= maximumValueSize else {
                throw BackupError(.damaged, "the value at \(key) is larger than this storage takes")
            }
            try Self.check(key, value, secrets: secrets)
            if key.hasPrefix(StorageKey(validated: ["secrets"])) {
                usage += CapacityAmount(bytes: value.count, secrets: 1)
            }
            if !BackupScope.sealRecords.contains(key), key != IdentityRecordKey.revision {
                records.append((key, value))
            }
        }
        header = reader.header
        self.records = records
        sealRecords = BackupScope.sealRecords.compactMap { key in byKey[key].map { (key, Array($0)) } }
        self.journal = journal
        secretUsage = usage
    }

    /// Refuses a record whose value cannot be what the store keeps at its key.
    private static func check(_ key: StorageKey, _ value: ArraySlice<UInt8>, secrets: StorageKey) throws {
        func require(_ condition: Bool, _ what: String) throws {
            guard condition else { throw BackupError(.damaged, "the value at \(key) is not \(what)") }
        }
        let bytes = Array(value)
        if key.hasPrefix(StorageKey(validated: ["secrets"])) {
            try require(key.hasPrefix(secrets) && key != secrets, "a secret of this store")
            try require((try? Envelope(decoding: bytes, path: key.path)) != nil, "a sealed envelope")
        } else if key == CALayout.key {
            try require((try? Envelope(decoding: bytes, path: CALayout.keyBinding)) != nil, "a sealed envelope")
        } else if key == StoreLayout.clusterID {
            let text = String(decoding: bytes, as: UTF8.self)
            try require(UUID(uuidString: text)?.uuidString.lowercased() == text, "a cluster id")
        } else if let record = IdentityRecordKey.record(at: key) {
            let decoder = JSONDecoder()
            switch record {
            case .user: try require((try? decoder.decode(User.self, from: Data(bytes))) != nil, "a user")
            case .group: try require((try? decoder.decode(Group.self, from: Data(bytes))) != nil, "a group")
            case .acl: try require((try? decoder.decode(ResourceACL.self, from: Data(bytes))) != nil, "an ACL")
            }
        }
    }
}
