/// The answer of `PUT /secrets/v1/rekey/{store}/update` (contract §9). Until the threshold,
/// `{"complete": false, "nonce", "progress", "required"}`; at the threshold, `{"complete": true,
/// "nonce"}` with the fields of `InitAnswer` (`initialized`, `keys`, `keys_base64`,
/// `pgp_fingerprints`, `shares`, `threshold`): the new shares, each encrypted to its holder.
public struct RekeyUpdateAnswer: Codable, Sendable, Equatable {
    /// Whether the rekey is done: the unseal key was replaced.
    public var complete: Bool
    /// The rekey's nonce.
    public var nonce: String
    /// Until complete: how many current shares have been entered.
    public var progress: Int?
    /// Until complete: how many current shares the rekey needs.
    public var required: Int?
    /// Once complete: `true`.
    public var initialized: Bool?
    /// Once complete: share i as lowercase hex of a binary OpenPGP message holding the share's hex.
    public var keys: [String]?
    /// Once complete: the same messages in base64.
    public var keysBase64: [String]?
    /// Once complete: the fingerprint of the key each share is encrypted to.
    public var pgpFingerprints: [String]?
    /// Once complete: how many shares there are.
    public var shares: Int?
    /// Once complete: how many shares open the store.
    public var threshold: Int?

    private enum CodingKeys: String, CodingKey {
        case complete, nonce, progress, required, initialized, keys, shares, threshold
        case keysBase64 = "keys_base64"
        case pgpFingerprints = "pgp_fingerprints"
    }

    /// The answer for a share that counted, with more needed.
    public init(nonce: String, progress: Int, required: Int) {
        self.complete = false
        self.nonce = nonce
        self.progress = progress
        self.required = required
    }

    /// The answer for the share that completed the rekey: the new shares.
    public init(nonce: String, shares answer: InitAnswer) {
        self.complete = true
        self.nonce = nonce
        self.initialized = answer.initialized
        self.keys = answer.keys
        self.keysBase64 = answer.keysBase64
        self.pgpFingerprints = answer.pgpFingerprints
        self.shares = answer.shares
        self.threshold = answer.threshold
    }

    /// The new shares, once complete, as `GET /init` reports them.
    public var newShares: InitAnswer? {
        guard complete else { return nil }
        return InitAnswer(
            initialized: initialized ?? true, keys: keys, keysBase64: keysBase64, pgpFingerprints: pgpFingerprints,
            shares: shares, threshold: threshold)
    }
}
