/// What `GET /secrets/v1/health` reports (contract §9): whether this instance can serve secrets.
public struct StoreHealth: Sendable, Hashable {
    /// Whether the store has been initialised (as far as this instance knows: the last seal
    /// configuration it read, when storage cannot be asked).
    public var initialized: Bool
    /// Whether this instance holds no keys.
    public var sealed: Bool
    /// Whether storage (ZooKeeper) is connected right now.
    public var storageReachable: Bool

    /// A report with these fields.
    public init(initialized: Bool, sealed: Bool, storageReachable: Bool) {
        self.initialized = initialized
        self.sealed = sealed
        self.storageReachable = storageReachable
    }

    /// Initialised, unsealed and connected: the instance can serve secrets.
    public var isHealthy: Bool { initialized && !sealed && storageReachable }
}
