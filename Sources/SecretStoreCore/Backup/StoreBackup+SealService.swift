extension StoreBackup {
    /// A backup of the store `seal` guards, from its storage.
    package init(seal: SealService) {
        self.init(storage: seal.storage, storeID: seal.barrier.storeID)
    }

    /// `BackupError.notInitialized` unless the store was initialised: checked before a backup is
    /// answered, so that the refusal is a status rather than a cut-off file.
    public func requireInitialized() async throws {
        guard try await storage.read(StoreLayout.sealConfiguration) != nil else {
            throw BackupError(.notInitialized, "the store is not initialised: there is nothing to back up")
        }
    }
}

extension StoreRestore {
    /// Restores into the storage of the store `seal` guards; then `seal` and `dependents` reload.
    package convenience init(seal: SealService, dependents: [any RestoreDependent], budget: CapacityAmount? = nil) {
        self.init(
            storage: seal.storage, storeID: seal.barrier.storeID, dependents: [seal] + dependents, budget: budget)
    }
}
