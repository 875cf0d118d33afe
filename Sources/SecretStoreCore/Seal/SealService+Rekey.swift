import Foundation
import SecretStoreCrypto

extension SealService {
    /// The rekey in progress on this instance, if any (`GET /rekey`).
    public func rekeyStatus() async throws -> RekeyStatus {
        let required = try await configuration()?.threshold ?? 0
        return rekeyAttempt.withLock { $0?.status }
            ?? RekeyStatus(started: false, nonce: "", progress: 0, required: required, shares: 0, threshold: 0)
    }

    /// Starts a rekey (`PUT /rekey`): the unseal key is to be replaced by a new one split into
    /// `shares` shares, each encrypted to the public key of the same index, `threshold` of which will
    /// open the store. Nothing is written until `threshold` current shares have been entered through
    /// `updateRekey`. The keys are checked now, so that a bad one is refused before anyone enters a
    /// share. Works sealed or unsealed. One rekey at a time per instance: a second start is
    /// `.conflict` until the first completes or is cancelled.
    public func startRekey(shares: Int, threshold: Int, pgpKeys: [String]) async throws -> RekeyStatus {
        try Self.validateShape(shares: shares, threshold: threshold, keyCount: pgpKeys.count)
        return try await operationGate.withTurn {
            guard let configuration = try await freshConfiguration() else {
                throw SealError(.badRequest, "the store is not initialised")
            }
            // An attempt made under an unseal key another instance has replaced since is void.
            if rekeyAttempt.withLock({ $0?.belongs(to: configuration.shareDigests) }) == true {
                throw SealError(.conflict, "a rekey is in progress already: complete it or cancel it first")
            }
            try await checkPublicKeys(pgpKeys)
            let plan = RekeyAttempt.Plan(
                nonce: UUID().uuidString.lowercased(), shares: shares, threshold: threshold, pgpKeys: pgpKeys,
                required: configuration.threshold)
            let attempt = RekeyAttempt(plan, shareDigests: configuration.shareDigests)
            replaceRekeyAttempt(with: attempt)
            logger.notice("Rekey started", metadata: ["shares": "\(shares)", "threshold": "\(threshold)"])
            return attempt.status
        }
    }

    /// Cancels the rekey in progress on this instance, if any (`DELETE /rekey`), forgetting the
    /// shares entered for it. Nothing was written, so the store is as it was.
    public func cancelRekey() async throws {
        try await operationGate.withTurn {
            if rekeyAttempt.withLock({ $0 != nil }) { logger.notice("Rekey cancelled") }
            replaceRekeyAttempt(with: nil)
        }
    }

    /// Enters one current share towards the rekey with `nonce` (`PUT /rekey/update`). A share that is
    /// not one of the current unseal key's, or one entered already, is `INVALID_UNSEAL_KEY` and does
    /// not count. Without `key`, a bootstrap-mode store's only share is decrypted with the key pair
    /// kept in storage (who may call this may auto-unseal such a store anyway). The share that
    /// reaches the threshold replaces the unseal key: the answer holds the new shares.
    public func updateRekey(nonce: String, key: String?) async throws -> RekeyUpdate {
        try await operationGate.withTurn {
            guard let plan = rekeyAttempt.withLock({ $0?.plan }) else {
                throw SealError(.badRequest, "no rekey is in progress: start one with PUT /rekey")
            }
            guard plan.nonce == nonce.lowercased() else {
                throw SealError(.badRequest, "the nonce does not match the rekey in progress")
            }
            guard let configuration = try await freshConfiguration() else {
                throw SealError(.badRequest, "the store is not initialised")
            }
            guard rekeyAttempt.withLock({ $0?.belongs(to: configuration.shareDigests) }) == true else {
                replaceRekeyAttempt(with: nil)
                throw SealError(.conflict, "the store was rekeyed meanwhile through another instance: start again")
            }
            let share = try await rekeyShare(key, configuration: configuration)
            guard try configuration.shareDigests.contains(Hex.encode(SHA256.hash(Array(share.hex.utf8)))) else {
                throw SealError(.invalidUnsealKey, "the key is not a share of this store's unseal key")
            }
            guard rekeyAttempt.withLock({ $0?.entered.add(share) ?? false }) else {
                throw SealError(.invalidUnsealKey, "this share was entered already")
            }
            if let status = rekeyAttempt.withLock({ $0?.status }), status.progress < plan.required {
                return .progress(status)
            }
            // The shares are used once: a failure below means entering them again. The attempt's
            // copy is dropped first, so that wiping this one zeroes the shares' only buffers.
            var entered = rekeyAttempt.withLock { $0?.entered.shares ?? [] }
            rekeyAttempt.withLock { $0?.entered.reset() }
            defer { for index in entered.indices { entered[index].wipe() } }
            let initialization = try await completeRekey(plan, shares: entered, configuration: configuration)
            replaceRekeyAttempt(with: nil)
            return .completed(nonce: plan.nonce, initialization)
        }
    }

    /// The share a rekey update enters: the one given, or a bootstrap store's own.
    private func rekeyShare(_ key: String?, configuration: SealConfiguration) async throws -> UnsealKeyShare {
        if let key { return try UnsealKeyShare(hex: key) }
        guard configuration.mode == .bootstrap else {
            throw SealError(.badRequest, "the rekey update needs a key: one share of the current unseal key, in hex")
        }
        return try await bootstrapShare(of: configuration)
    }

    /// Makes the new unseal key and its shares, and writes the re-sealed keyring and the new
    /// configuration (and, from bootstrap mode, removes the bootstrap key) in one atomic commit.
    private func completeRekey(
        _ plan: RekeyAttempt.Plan, shares: [UnsealKeyShare], configuration: SealConfiguration
    ) async throws -> SealInitialization {
        var keyBytes = try ShamirSecretSharing.combine(shares)
        defer { SecureMemory.wipe(&keyBytes) }
        let oldKey: SymmetricKey
        do {
            oldKey = try SymmetricKey(bytes: keyBytes)
        } catch {
            throw SealError(.invalidUnsealKey, "the shares do not combine into an unseal key")
        }
        let newKey = try SymmetricKey.random()
        var replacement: SealConfiguration
        do {
            replacement = try await Self.configuration(
                mode: .custom, unsealKey: newKey, threshold: plan.threshold, publicKeys: plan.pgpKeys,
                wrapping: wrapping)
        } catch let error as KeyShareWrappingError {
            throw SealError(.badRequest, error.description)
        }
        replacement.initialized = configuration.initialized
        replacement.rekeyed = Date()
        for _ in 0..<8 {
            guard let (current, version) = try await storedConfiguration(),
                current.shareDigests == configuration.shareDigests
            else { throw SealError(.conflict, "the store was rekeyed meanwhile through another instance") }
            var mutations: [StorageMutation] = [
                .update(StoreLayout.sealConfiguration, try replacement.encoded(), expected: version)
            ]
            if current.mode == .bootstrap { mutations.append(.delete(StoreLayout.bootstrapKey, expected: nil)) }
            do {
                try await barrier.rewrapKeyring(from: oldKey, to: newKey, committing: mutations)
            } catch let error as StorageError where error.code == .versionConflict {
                // A keyring write (a reservation) came between: read both again.
                continue
            }
            cachedConfiguration.withLock { $0 = replacement }
            progress.withLock { $0.bind(to: replacement.shareDigests) }
            logger.notice(
                "Rekeyed the store: the old shares no longer unseal it",
                metadata: [
                    "from": "\(current.mode.rawValue)", "shares": "\(replacement.shares)",
                    "threshold": "\(replacement.threshold)",
                ])
            return SealInitialization(replacement)
        }
        throw StorageError(.versionConflict, "the keyring kept changing during the rekey")
    }

    /// Refuses public keys no share could be encrypted to, by encrypting a placeholder to each.
    private func checkPublicKeys(_ pgpKeys: [String]) async throws {
        let placeholder = Array("secret-store rekey key check".utf8)
        do {
            _ = try await wrapping.wrap(Array(repeating: placeholder, count: pgpKeys.count), to: pgpKeys)
        } catch let error as KeyShareWrappingError {
            throw SealError(.badRequest, error.description)
        }
    }

    /// Replaces the attempt in progress, zeroing the shares entered for the old one.
    private func replaceRekeyAttempt(with attempt: RekeyAttempt?) {
        rekeyAttempt.withLock { current in
            current?.entered.reset()
            current = attempt
        }
    }
}
