/// The outcome of one share entered towards a rekey (`PUT /secrets/v1/rekey/{store}/update`).
public enum RekeyUpdate: Sendable, Hashable {
    /// The share counted; more are needed.
    case progress(RekeyStatus)
    /// The share reached the threshold: the store has a new unseal key, and these are its shares,
    /// each encrypted to its holder (what `GET /init` reports from now on).
    case completed(nonce: String, SealInitialization)
}
