/// What the capacity budget counts: stored bytes (the encrypted records of secrets) and secrets.
public struct CapacityAmount: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Bytes of encrypted secret records.
    public var bytes: Int
    /// Secrets.
    public var secrets: Int

    /// Creates an amount.
    public init(bytes: Int, secrets: Int) {
        self.bytes = bytes
        self.secrets = secrets
    }

    /// Nothing.
    public static let zero = CapacityAmount(bytes: 0, secrets: 0)

    /// Whether neither part exceeds `limit`'s.
    public func fits(within limit: CapacityAmount) -> Bool { bytes <= limit.bytes && secrets <= limit.secrets }

    /// Whether either part grows the store.
    public var grows: Bool { bytes > 0 || secrets > 0 }

    /// The growing parts only (negative parts as zero).
    public var growth: CapacityAmount { CapacityAmount(bytes: max(bytes, 0), secrets: max(secrets, 0)) }

    /// The shrinking parts only, as positive numbers (what a write frees).
    public var freed: CapacityAmount { CapacityAmount(bytes: max(-bytes, 0), secrets: max(-secrets, 0)) }

    public static func + (lhs: CapacityAmount, rhs: CapacityAmount) -> CapacityAmount {
        CapacityAmount(bytes: lhs.bytes + rhs.bytes, secrets: lhs.secrets + rhs.secrets)
    }

    public static func - (lhs: CapacityAmount, rhs: CapacityAmount) -> CapacityAmount {
        CapacityAmount(bytes: lhs.bytes - rhs.bytes, secrets: lhs.secrets - rhs.secrets)
    }

    public static func += (lhs: inout CapacityAmount, rhs: CapacityAmount) { lhs = lhs + rhs }
    public static func -= (lhs: inout CapacityAmount, rhs: CapacityAmount) { lhs = lhs - rhs }

    public var description: String { "\(bytes) bytes, \(secrets) secrets" }
}
