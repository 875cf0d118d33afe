import Foundation

/// The record every instance shares (at `capacity/ledger`): what the store holds, split into what
/// is settled and what each running instance has leased. Written only with a version check, at
/// block granularity, never per secret.
///
/// Invariant: the stored usage never exceeds `allocated` (settled plus every lease), and
/// `allocated` never exceeds the budget. An instance's lease covers its net growth since the lease
/// began plus its writes in flight; when it leaves it settles what it really used, and a lease
/// whose owner vanished is settled at its full size (never less than the owner used).
struct CapacityLedger: Sendable, Hashable, Codable {
    /// One instance's share.
    struct Lease: Sendable, Hashable, Codable {
        /// The most its net usage plus its writes in flight may reach.
        var granted: CapacityAmount
        /// Its net usage when it last wrote the ledger (for status only).
        var used: CapacityAmount
        /// Milliseconds since 1970 after which the lease may be settled by others, if not renewed.
        var expires: Int64
    }

    /// Usage of instances that have left, and of secrets stored before the ledger existed.
    var settled: CapacityAmount
    /// Leases by instance id.
    var leases: [String: Lease]

    /// Settled usage plus every lease: what the budget must cover.
    var allocated: CapacityAmount { leases.values.reduce(settled) { $0 + $1.granted } }

    /// Settled usage plus each lease's last reported usage: what the store holds, as far as known.
    var reportedUsage: CapacityAmount { leases.values.reduce(settled) { $0 + $1.used } }

    /// Settles every lease that ended before `now`, at its full grant (its owner's real usage is at
    /// most that). Returns whether anything changed.
    mutating func settleExpired(now: Int64) -> Bool {
        let expired = leases.filter { $0.value.expires < now }
        for (id, lease) in expired {
            settled += lease.granted
            leases[id] = nil
        }
        return !expired.isEmpty
    }

    /// Whether no lease is still running at `now`: no instance can be writing secrets.
    func isQuiet(now: Int64) -> Bool { leases.values.allSatisfy { $0.expires < now } }

    func encoded() throws -> [UInt8] { Array(try JSONEncoder().encode(self)) }

    init(settled: CapacityAmount, leases: [String: Lease] = [:]) {
        self.settled = settled
        self.leases = leases
    }

    init(decoding bytes: [UInt8]) throws(StorageError) {
        do {
            self = try JSONDecoder().decode(CapacityLedger.self, from: Data(bytes))
        } catch {
            throw StorageError(.corrupted, "the capacity ledger does not decode")
        }
    }
}
