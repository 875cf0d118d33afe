/// How `GET /secrets/v1/store` describes where a store keeps its data.
public struct StoreBackendDescription: Sendable, Hashable {
    /// A human sentence.
    public var description: String
    /// `zookeeper` or `memory`.
    public var driver: String
    /// Where the data is: the ZooKeeper connect string and root znode.
    public var address: String

    /// Creates a description.
    public init(description: String, driver: String, address: String) {
        self.description = description
        self.driver = driver
        self.address = address
    }
}
