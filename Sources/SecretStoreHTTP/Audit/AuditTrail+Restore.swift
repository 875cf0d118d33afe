import SecretStoreCore

extension AuditTrail: RestoreDependent {
    /// A restore brings the backup's path-hashing key: lines hash as the backed-up store's did, so a
    /// path's hash finds its lines from before and after the restore.
    public func storeWasRestored() async throws {
        try await hasher.load(from: storage)
    }
}
