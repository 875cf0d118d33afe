/// The shares entered towards the threshold on this instance, one per share index, and the share
/// digests of the configuration they were checked against: shares of a replaced unseal key (after a
/// rekey) count for nothing.
struct UnsealProgress: Sendable {
    private(set) var shares: [UnsealKeyShare] = []
    /// The `share_digests` of the configuration the shares belong to.
    private(set) var digests: [String] = []

    /// How many shares have been entered.
    var count: Int { shares.count }

    /// Adds a share; `false` if one with the same index was entered already.
    mutating func add(_ share: UnsealKeyShare) -> Bool {
        guard !shares.contains(where: { $0.x == share.x }) else { return false }
        shares.append(share)
        return true
    }

    /// Ties the progress to the configuration with these share digests: if the shares entered so far
    /// belong to another one (the store was rekeyed), they are forgotten.
    mutating func bind(to digests: [String]) {
        guard digests != self.digests else { return }
        reset()
        self.digests = digests
    }

    /// Forgets every entered share, zeroing this copy of each.
    mutating func reset() {
        for index in shares.indices { shares[index].wipe() }
        shares.removeAll()
    }
}
