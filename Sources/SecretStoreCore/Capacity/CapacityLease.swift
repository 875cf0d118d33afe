/// This instance's side of the ledger: its lease, its net usage since the lease began, and what
/// its writes in flight reserved. A plain state machine, held in a `Mutex` by `CapacityAccountant`.
struct CapacityLease: Sendable {
    /// The ledger's grant to this instance.
    var granted = CapacityAmount.zero
    /// Net stored bytes and secrets this instance's writes added since the lease began (negative
    /// after deleting more than it wrote).
    var used = CapacityAmount.zero
    /// What writes in flight reserved.
    var reserved = CapacityAmount.zero
    /// Until when (ms since 1970) the grant may be used without renewing it.
    var usableUntil: Int64 = 0

    /// Reserves `amount` if the grant still covers it and has not run out; else `false`.
    mutating func reserve(_ amount: CapacityAmount, now: Int64) -> Bool {
        guard now < usableUntil, (used + reserved + amount).fits(within: granted) else { return false }
        reserved += amount
        return true
    }

    /// A reserved write finished: `applied` says whether it (possibly) reached storage.
    mutating func finish(_ amount: CapacityAmount, applied: Bool) {
        reserved -= amount
        if applied { used += amount }
    }

    /// A write freed `amount` (a delete, a smaller value).
    mutating func free(_ amount: CapacityAmount) { used -= amount }

    /// What the lease must grow by for `amount` to fit, plus a block to spare in each part that
    /// falls short (a part that fits does not grow).
    func shortfall(for amount: CapacityAmount, block: CapacityAmount) -> CapacityAmount {
        let short = (used + reserved + amount - granted).growth
        return CapacityAmount(
            bytes: short.bytes > 0 ? short.bytes + block.bytes : 0,
            secrets: short.secrets > 0 ? short.secrets + block.secrets : 0)
    }

    /// The lease the ledger no longer holds (settled by another instance while this one could not
    /// renew it): the usage so far is settled there, so this instance starts over from nothing,
    /// keeping only its writes in flight.
    mutating func restart() {
        granted = .zero
        used = .zero
    }
}
