import Foundation

extension CapacityAccountant {
    /// Creates the ledger if the store has none yet (counting the secrets already stored), and
    /// recounts it when no instance holds a running lease: then nothing is writing, so the count of
    /// what is stored is exact and replaces whatever crashed instances left settled at full grant.
    public func open() async throws {
        for _ in 0..<8 {
            let now = Self.now()
            if let stored = try await storage.read(Self.ledgerKey) {
                let ledger = try CapacityLedger(decoding: stored.bytes)
                guard ledger.isQuiet(now: now - lifetimeMilliseconds) else { return }
                let counted = try await countStored()
                do {
                    try await storage.update(
                        Self.ledgerKey, try CapacityLedger(settled: counted).encoded(), expected: stored.version)
                    logRecount(counted, previous: ledger.allocated)
                    return
                } catch let error as StorageError where error.code == .versionConflict {
                    continue
                }
            }
            let counted = try await countStored()
            do {
                try await storage.create(Self.ledgerKey, try CapacityLedger(settled: counted).encoded())
                logRecount(counted, previous: nil)
                return
            } catch let error as StorageError where error.code == .alreadyExists {
                continue
            }
        }
        throw StorageError(.unavailable, "the capacity ledger kept changing while it was opened")
    }

    private func logRecount(_ counted: CapacityAmount, previous: CapacityAmount?) {
        logger.info(
            "Counted the stored secrets for the capacity budget",
            metadata: [
                "bytes": "\(counted.bytes)", "secrets": "\(counted.secrets)",
                "previously": "\(previous.map { "\($0.bytes) bytes, \($0.secrets) secrets" } ?? "no ledger")",
            ])
    }

    /// What every store's secrets take in storage now.
    func countStored() async throws -> CapacityAmount {
        let keys = try await storage.valueKeys(below: StorageKey(validated: ["secrets"]))
        var total = CapacityAmount.zero
        // Eight sizes at a time: enough to hide round trips, few enough not to crowd out requests.
        for batch in stride(from: 0, to: keys.count, by: 8).map({ keys[$0..<min($0 + 8, keys.count)] }) {
            total = try await withThrowingTaskGroup(of: Int?.self) { group in
                for key in batch { group.addTask { try await self.storage.storedSize(key) } }
                var total = total
                for try await size in group {
                    if let size { total += CapacityAmount(bytes: size, secrets: 1) }
                }
                return total
            }
        }
        return total
    }

    /// Grows this instance's lease so that `amount` fits, with a block to spare, or with only what
    /// is missing when the budget has no block left; `INSUFFICIENT_STORAGE` when even that is
    /// more than the budget has.
    func extend(toFit amount: CapacityAmount) async throws {
        try await changeLedger { ledger, state, now in
            var own = ledger.leases[instance]
            if own == nil, state.granted != .zero {
                // Settled by another instance while this one could not renew: start over.
                lease.withLock { $0.restart() }
            }
            let current = lease.withLock { $0 }
            let wanted = current.shortfall(for: amount, block: limits.block)
            let needed = current.shortfall(for: amount, block: .zero)
            let room = limits.maximum - ledger.allocated
            let growth: CapacityAmount
            if wanted.fits(within: room) {
                growth = wanted
            } else if needed.fits(within: room) {
                growth = needed
            } else {
                throw Self.refusal(amount, limits.maximum)
            }
            let granted = (own?.granted ?? .zero) + growth
            own = CapacityLedger.Lease(granted: granted, used: current.used, expires: now + lifetimeMilliseconds)
            ledger.leases[instance] = own
            return granted
        }
    }

    /// Renews this instance's lease and gives back what it holds beyond its usage, writes in flight
    /// and one block. Nothing to do for an instance that never leased.
    func renew() async throws {
        try await ledgerTurn.withTurn {
            try await changeLedger { ledger, state, now in
                guard let own = ledger.leases[instance] else {
                    if state.granted != .zero { lease.withLock { $0.restart() } }
                    return nil
                }
                // May go below zero: an instance that deleted more than it wrote gives the room back.
                let keep = state.used + state.reserved + limits.block
                let granted = CapacityAmount(
                    bytes: min(own.granted.bytes, keep.bytes), secrets: min(own.granted.secrets, keep.secrets))
                ledger.leases[instance] = CapacityLedger.Lease(
                    granted: granted, used: state.used, expires: now + lifetimeMilliseconds)
                return granted
            }
        }
    }

    /// Settles this instance's usage and removes its lease: what the server does when it stops,
    /// after its HTTP server has stopped (no write in flight).
    func leave() async throws {
        try await ledgerTurn.withTurn {
            try await changeLedger { ledger, state, _ in
                guard ledger.leases.removeValue(forKey: instance) != nil else { return nil }
                ledger.settled += state.used
                lease.withLock { $0.restart() }
                return .zero
            }
        }
    }

    /// Reads the ledger, settles expired leases, applies `change` (which returns this instance's
    /// new grant, or `nil` to write only if expired leases were settled), and writes it back with a
    /// version check, retrying when another instance got in between.
    private func changeLedger(
        _ change: (inout CapacityLedger, CapacityLease, Int64) throws -> CapacityAmount?
    ) async throws {
        for _ in 0..<16 {
            let now = Self.now()
            let stored = try await storage.read(Self.ledgerKey)
            var ledger = try stored.map { try CapacityLedger(decoding: $0.bytes) } ?? CapacityLedger(settled: .zero)
            // Settled only well past their end: an owner whose clock runs behind ours keeps its lease.
            let settledSome = ledger.settleExpired(now: now - lifetimeMilliseconds)
            let granted = try change(&ledger, lease.withLock { $0 }, now)
            guard granted != nil || settledSome else { return }
            do {
                if let stored {
                    try await storage.update(Self.ledgerKey, try ledger.encoded(), expected: stored.version)
                } else {
                    try await storage.create(Self.ledgerKey, try ledger.encoded())
                }
            } catch let error as StorageError where error.code == .versionConflict || error.code == .alreadyExists {
                continue
            }
            if let granted {
                // Usable until a third of the lifetime before others may settle it.
                let usableUntil = now + lifetimeMilliseconds - lifetimeMilliseconds / 3
                lease.withLock {
                    $0.granted = granted
                    $0.usableUntil = usableUntil
                }
            }
            return
        }
        throw StorageError(.unavailable, "the capacity ledger kept changing; try again")
    }
}

extension CapacityAccountant {
    /// `countStored()`, for tests that compare the ledger with what is stored.
    package func countStoredForTests() async throws -> CapacityAmount { try await countStored() }

    /// `leave()`, for tests that stop an instance without a service group.
    package func leaveForTests() async throws { try await leave() }
}
