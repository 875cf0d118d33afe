/// `PUT /secrets/v1/init/{store}` (contract §3): how many shares to split the unseal key into, how
/// many unseal the store, and one public key per share (base64 of a binary OpenPGP key, or an
/// armoured key).
public struct InitBody: Codable, Sendable, Equatable {
    /// How many shares.
    public var shares: Int
    /// How many shares open the store.
    public var threshold: Int
    /// One OpenPGP public key per share.
    public var pgpKeys: [String]

    private enum CodingKeys: String, CodingKey {
        case shares, threshold
        case pgpKeys = "pgp_keys"
    }

    /// A body with these fields.
    public init(shares: Int, threshold: Int, pgpKeys: [String]) {
        self.shares = shares
        self.threshold = threshold
        self.pgpKeys = pgpKeys
    }
}
