/// `GET` and `PUT /secrets/v1/rekey/{store}` (contract §9): `{"nonce", "progress", "required"}`,
/// plus, as Vault reports them, `started` and the new shares' `shares` and `threshold`.
public struct RekeyStatusAnswer: Codable, Sendable, Equatable {
    /// Whether a rekey is in progress on the instance that answers.
    public var started: Bool?
    /// The rekey's nonce, sent with every share; empty when none is in progress.
    public var nonce: String
    /// How many current shares have been entered.
    public var progress: Int
    /// How many current shares the rekey needs.
    public var required: Int
    /// How many new shares the rekey makes.
    public var shares: Int?
    /// How many new shares will open the store.
    public var threshold: Int?

    /// A status with these fields.
    public init(started: Bool?, nonce: String, progress: Int, required: Int, shares: Int?, threshold: Int?) {
        self.started = started
        self.nonce = nonce
        self.progress = progress
        self.required = required
        self.shares = shares
        self.threshold = threshold
    }
}
