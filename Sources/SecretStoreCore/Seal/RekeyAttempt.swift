/// A rekey in progress on this instance (`PUT /rekey`): the shape of the new shares, and the
/// current shares entered so far towards the current threshold. Kept in memory only, like the
/// unseal progress: nothing is written until the threshold is reached, so an attempt that is
/// cancelled, abandoned or cut short by a restart leaves the store as it was.
struct RekeyAttempt: Sendable {
    /// What the attempt is to make: nothing secret, so callers may copy it freely.
    struct Plan: Sendable {
        /// Names this attempt to the operators who enter shares (a lowercase UUID).
        let nonce: String
        /// How many new shares to make.
        let shares: Int
        /// How many new shares will open the store.
        let threshold: Int
        /// The OpenPGP public key of each new share, in share order.
        let pgpKeys: [String]
        /// How many current shares the rekey needs (the current threshold).
        let required: Int
    }

    /// What the attempt is to make.
    let plan: Plan
    /// The current shares entered so far, tied to the configuration the attempt started under.
    var entered = UnsealProgress()

    /// An attempt with nothing entered yet, under the configuration with `shareDigests`.
    init(_ plan: Plan, shareDigests: [String]) {
        self.plan = plan
        entered.bind(to: shareDigests)
    }

    /// Whether the attempt belongs to the configuration with `shareDigests` (not to an unseal key
    /// that another instance has replaced since).
    func belongs(to shareDigests: [String]) -> Bool { entered.digests == shareDigests }

    /// What `GET /rekey` reports about this attempt.
    var status: RekeyStatus {
        RekeyStatus(
            started: true, nonce: plan.nonce, progress: entered.count, required: plan.required, shares: plan.shares,
            threshold: plan.threshold)
    }
}
