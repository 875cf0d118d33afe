/// The store-wide capacity budget and how instances share it.
public struct CapacityLimits: Sendable, Hashable {
    /// The most stored bytes and secrets, across every instance (`--max-store-bytes`, `--max-secrets`).
    public var maximum: CapacityAmount
    /// How much an instance takes from the shared ledger at once: one ledger write per block, and
    /// at most about two blocks held back per instance.
    public var block: CapacityAmount
    /// How long a lease lives without renewal. Instances renew every third of it; a lease this much
    /// past its end is settled by any other instance (its owner is gone).
    public var leaseLifetime: Duration

    /// The default budget: 128 MiB and 100,000 secrets, which a ZooKeeper with its default
    /// 1,000 MB heap survives under write bursts (docs/operations.md, "Sizing").
    public static let standard = CapacityLimits(maximumBytes: 128 * 1_048_576, maximumSecrets: 100_000)

    /// Creates limits; the block is a 32nd of the budget, at least 64 KiB and 8 secrets (an 8th of a
    /// budget smaller than eight times that).
    public init(maximumBytes: Int, maximumSecrets: Int, leaseLifetime: Duration = .seconds(60)) {
        precondition(maximumBytes >= 0 && maximumSecrets >= 0, "a capacity budget cannot be negative")
        maximum = CapacityAmount(bytes: maximumBytes, secrets: maximumSecrets)
        block = CapacityAmount(
            bytes: max(maximumBytes / 32, min(65_536, maximumBytes / 8)),
            secrets: max(maximumSecrets / 32, min(8, maximumSecrets / 8)))
        self.leaseLifetime = leaseLifetime
    }
}
