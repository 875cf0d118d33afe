/// The budget and how much of it is used, as `GET /secrets/v1/store/default` shows it.
public struct CapacityStatus: Sendable, Hashable {
    /// Stored bytes and secrets: what departed instances settled plus each running instance's last
    /// report (renewed every third of the lease lifetime; this instance's is current).
    public var used: CapacityAmount
    /// What the budget covers right now: settled usage plus every running lease (writes in flight
    /// and the blocks instances hold in hand).
    public var allocated: CapacityAmount
    /// The budget.
    public var maximum: CapacityAmount
}

extension CapacityAccountant {
    /// The budget's current state, from the ledger.
    public func status() async throws -> CapacityStatus {
        let stored = try await storage.read(Self.ledgerKey)
        var ledger = try stored.map { try CapacityLedger(decoding: $0.bytes) } ?? CapacityLedger(settled: .zero)
        let current = lease.withLock { $0 }
        if var own = ledger.leases[instance] {
            own.used = current.used
            ledger.leases[instance] = own
        }
        return CapacityStatus(used: ledger.reportedUsage, allocated: ledger.allocated, maximum: limits.maximum)
    }
}
