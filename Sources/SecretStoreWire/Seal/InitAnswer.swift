/// `GET` and `PUT /secrets/v1/init/{store}` (contract §3): the key shares, each encrypted to one
/// OpenPGP key. `{"initialized", "keys", "keys_base64", "pgp_fingerprints", "shares", "threshold"}`.
///
/// The server always sends every field; all but `initialized` are optional so that a client still
/// reads a server that sends less.
public struct InitAnswer: Codable, Sendable, Equatable {
    /// Whether the store has been initialised.
    public var initialized: Bool
    /// Share i: lowercase hex of a binary OpenPGP message whose plaintext is the share in hex.
    public var keys: [String]?
    /// The same messages in base64.
    public var keysBase64: [String]?
    /// Share i is encrypted to the primary key with this fingerprint (40 uppercase hex digits).
    public var pgpFingerprints: [String]?
    /// How many shares there are.
    public var shares: Int?
    /// How many shares open the store.
    public var threshold: Int?

    private enum CodingKeys: String, CodingKey {
        case initialized, keys, shares, threshold
        case keysBase64 = "keys_base64"
        case pgpFingerprints = "pgp_fingerprints"
    }

    /// An answer with these fields.
    public init(
        initialized: Bool, keys: [String]?, keysBase64: [String]?, pgpFingerprints: [String]?, shares: Int?,
        threshold: Int?
    ) {
        self.initialized = initialized
        self.keys = keys
        self.keysBase64 = keysBase64
        self.pgpFingerprints = pgpFingerprints
        self.shares = shares
        self.threshold = threshold
    }
}
