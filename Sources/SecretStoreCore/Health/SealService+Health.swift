extension SealService {
    /// This instance's health, without waiting on a lost storage connection: while storage is
    /// unreachable, whether the store is initialised comes from the last configuration read.
    public func health() async -> StoreHealth {
        let sealed = barrier.isSealed
        let known = cachedConfiguration.withLock { $0 != nil }
        guard storage.isReachable else {
            return StoreHealth(initialized: known, sealed: sealed, storageReachable: false)
        }
        if known { return StoreHealth(initialized: true, sealed: sealed, storageReachable: true) }
        do {
            let initialized = try await configuration() != nil
            return StoreHealth(initialized: initialized, sealed: sealed, storageReachable: true)
        } catch {
            // Connected, yet storage did not answer: as good as unreachable for a request.
            return StoreHealth(initialized: false, sealed: sealed, storageReachable: false)
        }
    }

    /// Whether storage is connected right now (`Storage.isReachable`).
    public var isStorageReachable: Bool { storage.isReachable }
}
