/// The shares entered towards the threshold on this instance, one per share index.
struct UnsealProgress: Sendable {
    private(set) var shares: [UnsealKeyShare] = []

    /// How many shares have been entered.
    var count: Int { shares.count }

    /// Adds a share; `false` if one with the same index was entered already.
    mutating func add(_ share: UnsealKeyShare) -> Bool {
        guard !shares.contains(where: { $0.x == share.x }) else { return false }
        shares.append(share)
        return true
    }

    /// Forgets every entered share, zeroing this copy of each.
    mutating func reset() {
        for index in shares.indices { shares[index].wipe() }
        shares.removeAll()
    }
}
