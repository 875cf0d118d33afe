/// A storage backend, as `GET /secrets/v1/store` lists it and `GET /secrets/v1/store/{store}`
/// answers it (contract §3): `name, description, driver, addr, initialized, sealed`.
public struct StoreBackendAnswer: Codable, Sendable, Equatable {
    /// The store id.
    public var name: String
    /// A human sentence.
    public var description: String
    /// `zookeeper` or `memory`.
    public var driver: String
    /// Where the data is: the ZooKeeper connect string and root znode.
    public var addr: String
    /// Whether the store has been initialised.
    public var initialized: Bool
    /// Whether this instance is sealed.
    public var sealed: Bool
    /// Usage against the capacity budget (an addition of ours: clients ignore unknown fields);
    /// absent without a budget.
    public var capacity: StoreCapacityAnswer?

    /// A backend with these fields.
    public init(
        name: String, description: String, driver: String, addr: String, initialized: Bool, sealed: Bool,
        capacity: StoreCapacityAnswer?
    ) {
        self.name = name
        self.description = description
        self.driver = driver
        self.addr = addr
        self.initialized = initialized
        self.sealed = sealed
        self.capacity = capacity
    }
}
