import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The store-wide capacity budget (`--max-store-bytes`, `--max-secrets`): every write that grows
/// the store reserves its growth here *before* it reaches storage, so writes in flight count, and a
/// write that would take the store past the budget is refused with `INSUFFICIENT_STORAGE`.
/// Reads, deletes and writes that do not grow the store never wait for it.
///
/// Instances share the budget through the ledger at `capacity/ledger` (see `CapacityLedger`),
/// taking leases in blocks (a 32nd of the budget), so the ledger is written once per block rather than once per secret.
/// As a `Service` it renews this instance's lease, gives back what it does not need, and settles
/// its usage when the server stops.
public final class CapacityAccountant: Service, Sendable {
    /// The budget.
    public let limits: CapacityLimits
    let storage: any Storage
    let logger: Logger
    /// This instance's id in the ledger: new for every process.
    let instance: String
    let lease = Mutex(CapacityLease())
    /// One ledger change at a time from this instance: concurrent writes short of their lease wait
    /// for one extension instead of racing each other for the ledger.
    let ledgerTurn = AsyncGate()

    /// Where the ledger is kept.
    static let ledgerKey = StorageKey(validated: ["capacity", "ledger"])

    /// An accountant over the ledger in `storage`. Call `open()` before the first write.
    public init(storage: any Storage, limits: CapacityLimits, logger: Logger = Logger(label: "secretstore.capacity")) {
        self.storage = storage
        self.limits = limits
        self.logger = logger
        instance = UUID().uuidString.lowercased()
    }

    /// Reserves `amount` for a write about to reach storage. An amount that does not grow the store
    /// needs nothing; otherwise the lease is extended from the ledger when short, and
    /// `INSUFFICIENT_STORAGE` is thrown when the budget cannot cover it.
    public func reserve(_ amount: CapacityAmount) async throws -> CapacityReservation {
        let growth = amount.growth
        guard growth.grows else { return CapacityReservation(accountant: nil, amount: .zero) }
        guard growth.fits(within: limits.maximum) else { throw Self.refusal(growth, limits.maximum) }
        for _ in 0..<4 {
            if lease.withLock({ $0.reserve(growth, now: Self.now()) }) {
                return CapacityReservation(accountant: self, amount: growth)
            }
            let reserved = try await ledgerTurn.withTurn { () async throws -> Bool in
                // Another write's extension may have made room while this one waited its turn.
                if lease.withLock({ $0.reserve(growth, now: Self.now()) }) { return true }
                try await extend(toFit: growth)
                return lease.withLock { $0.reserve(growth, now: Self.now()) }
            }
            if reserved { return CapacityReservation(accountant: self, amount: growth) }
        }
        throw StorageError(.unavailable, "the capacity ledger kept changing; try again")
    }

    /// Records that a write freed `amount` (a delete, or a value replaced by a smaller one). Once
    /// this instance holds more than two blocks it does not use, it gives the surplus back to the
    /// ledger at once, so that other instances can use the room (else the next renewal does).
    public func free(_ amount: CapacityAmount) async {
        let freed = amount.growth
        guard freed.grows else { return }
        let surplus = lease.withLock { lease in
            lease.free(freed)
            return lease.granted - lease.used - lease.reserved
        }
        let threshold = limits.block + limits.block
        guard surplus.bytes > threshold.bytes || surplus.secrets > threshold.secrets else { return }
        do {
            try await renew()
        } catch {
            logger.debug("Could not give back capacity yet", metadata: ["error": "\(error)"])
        }
    }

    func finish(_ amount: CapacityAmount, applied: Bool) {
        lease.withLock { $0.finish(amount, applied: applied) }
    }

    static func refusal(_ amount: CapacityAmount, _ maximum: CapacityAmount) -> SecretError {
        SecretError(
            .insufficientStorage,
            "the store's capacity budget (\(maximum)) cannot take \(amount) more: raise --max-store-bytes "
                + "or --max-secrets, or delete secrets")
    }

    /// Milliseconds since 1970, the clock leases are written in.
    static func now() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    /// The lease lifetime in milliseconds.
    var lifetimeMilliseconds: Int64 {
        let components = limits.leaseLifetime.components
        return components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
    }
}
