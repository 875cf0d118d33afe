/// `GET /secrets/v1/seal-status/{store}`, and the answer of `PUT /unseal` and `PUT /auto-unseal`
/// (contract §3): `{"sealed","threshold","shares","progress","initialized"}`.
///
/// The server always sends every field; all but `sealed` are optional so that a client still
/// reads a server that sends less.
public struct SealStatusAnswer: Codable, Sendable, Equatable {
    /// Whether this instance holds no keys.
    public var sealed: Bool
    /// How many shares open the store (0 before initialisation).
    public var threshold: Int?
    /// How many shares there are (0 before initialisation).
    public var shares: Int?
    /// How many valid shares have been entered towards the threshold.
    public var progress: Int?
    /// Whether the store has been initialised.
    public var initialized: Bool?

    /// A status with these fields.
    public init(sealed: Bool, threshold: Int?, shares: Int?, progress: Int?, initialized: Bool?) {
        self.sealed = sealed
        self.threshold = threshold
        self.shares = shares
        self.progress = progress
        self.initialized = initialized
    }
}
