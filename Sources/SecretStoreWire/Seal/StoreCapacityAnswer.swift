/// The capacity budget in `StoreBackendAnswer`: what is stored, what is allowed, and what writes
/// in progress hold.
public struct StoreCapacityAnswer: Codable, Sendable, Equatable {
    /// Bytes stored.
    public var storeBytes: Int
    /// The most bytes that may be stored.
    public var storeBytesBudget: Int
    /// Secrets stored.
    public var secrets: Int
    /// The most secrets that may be stored.
    public var secretsBudget: Int
    /// Bytes reserved by writes in progress.
    public var allocatedBytes: Int
    /// Secrets reserved by writes in progress.
    public var allocatedSecrets: Int

    private enum CodingKeys: String, CodingKey {
        case storeBytes = "store_bytes"
        case storeBytesBudget = "store_bytes_budget"
        case secrets
        case secretsBudget = "secrets_budget"
        case allocatedBytes = "allocated_bytes"
        case allocatedSecrets = "allocated_secrets"
    }

    /// A budget with these figures.
    public init(
        storeBytes: Int, storeBytesBudget: Int, secrets: Int, secretsBudget: Int, allocatedBytes: Int,
        allocatedSecrets: Int
    ) {
        self.storeBytes = storeBytes
        self.storeBytesBudget = storeBytesBudget
        self.secrets = secrets
        self.secretsBudget = secretsBudget
        self.allocatedBytes = allocatedBytes
        self.allocatedSecrets = allocatedSecrets
    }
}
