/// Which storage keys a backup carries, and the restore's own bookkeeping key.
///
/// A backup carries what makes the store: secrets, identity, the CA, the cluster id, the audit
/// HMAC key and the seal's records. It leaves out what describes one running installation rather
/// than the store: the capacity ledger (recounted by the restore), the operator's intent to stay
/// sealed, and a restore in progress.
enum BackupScope {
    /// The folders whose every key travels.
    static let folders: [StorageKey] = [
        StorageKey(validated: ["secrets"]), IdentityRecordKey.root, StorageKey(validated: ["ca"]), auditFolder,
    ]
    /// The single keys that travel besides the folders.
    static let singles: Set<StorageKey> = [StoreLayout.clusterID]
    /// The seal's records, read last by a backup and written last by a restore.
    static let sealRecords: [StorageKey] = [
        StoreLayout.sealConfiguration, StoreLayout.keyring, StoreLayout.bootstrapKey,
    ]
    /// Where the audit trail keeps its HMAC key (`audit/hmac-key`).
    static let auditFolder = StorageKey(validated: ["audit"])
    /// Left by a restore: the first unseal adds a data-key term and removes it
    /// (`Barrier.rotateIfRestored()`).
    static let rotateOnUnseal = StorageKey(validated: ["keys", "rotate-on-unseal"])
    /// Present while a restore is writing: a root holding it is not initialised, whatever else it
    /// holds, and may be restored into again.
    static let restorePending = StorageKey(validated: ["restore", "pending"])

    /// Whether a backup carries `key`.
    static func includes(_ key: StorageKey) -> Bool {
        singles.contains(key) || sealRecords.contains(key)
            || folders.contains { key.hasPrefix($0) && key != $0 }
    }
}
