extension SealService: RestoreDependent {
    /// Reads the restored seal configuration, so that the backup's shares unseal this instance.
    public func storeWasRestored() async throws {
        try await reloadConfiguration()
    }
}
