/// What `GET /secrets/v1/seal-status/{store}` reports.
public struct SealStatus: Sendable, Hashable {
    /// Whether this instance holds no keys.
    public var sealed: Bool
    /// How many shares open the store (0 before initialisation).
    public var threshold: Int
    /// How many shares there are (0 before initialisation).
    public var shares: Int
    /// How many valid shares have been entered towards the threshold.
    public var progress: Int
    /// Whether the store has been initialised.
    public var initialized: Bool
}

/// What `GET` and `PUT /secrets/v1/init/{store}` report: the shares, each encrypted to its holder.
public struct SealInitialization: Sendable, Hashable {
    /// Whether the store has been initialised.
    public var initialized: Bool
    /// Lowercase hex of each share's OpenPGP message.
    public var keys: [String]
    /// The same messages in base64.
    public var keysBase64: [String]
    /// The fingerprint of the key each share is encrypted to.
    public var pgpFingerprints: [String]
    /// How many shares there are.
    public var shares: Int
    /// How many shares open the store.
    public var threshold: Int
}
