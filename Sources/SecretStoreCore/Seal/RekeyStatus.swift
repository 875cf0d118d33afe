/// What `GET` and `PUT /secrets/v1/rekey/{store}` report: whether a rekey is in progress on this
/// instance, its nonce, how many current shares were entered and how many are needed, and the shape
/// of the new shares.
public struct RekeyStatus: Sendable, Hashable {
    /// Whether a rekey is in progress on this instance.
    public var started: Bool
    /// The attempt's nonce, to send with every share; empty when none is in progress.
    public var nonce: String
    /// How many current shares have been entered.
    public var progress: Int
    /// How many current shares the rekey needs: the current threshold (0 before initialisation).
    public var required: Int
    /// How many new shares the rekey makes (0 when none is in progress).
    public var shares: Int
    /// How many new shares will open the store (0 when none is in progress).
    public var threshold: Int
}
