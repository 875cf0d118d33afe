import Foundation
import SecretStoreCrypto

extension SealService {
    /// Enters one share (`PUT /unseal`). A share that is not one of the store's is
    /// `INVALID_UNSEAL_KEY` and leaves the progress as it was; the share that reaches the threshold
    /// unseals this instance. `reset` discards the progress first (and then a missing key is fine).
    public func unseal(key: String?, reset: Bool) async throws -> SealStatus {
        try await operationGate.withTurn {
            // Read afresh: shares are checked against the current unseal key (another instance may
            // have rekeyed), and shares entered towards a replaced one are dropped.
            guard let configuration = try await freshConfiguration() else {
                throw SealError(.badRequest, "the store is not initialised")
            }
            progress.withLock { $0.bind(to: configuration.shareDigests) }
            if reset { progress.withLock { $0.reset() } }
            guard barrier.isSealed else { return try await status() }
            guard let key else {
                if reset { return try await status() }
                throw SealError(.badRequest, "the unseal request needs a key")
            }
            let share = try UnsealKeyShare(hex: key)
            guard try configuration.shareDigests.contains(Hex.encode(SHA256.hash(Array(share.hex.utf8)))) else {
                throw SealError(.invalidUnsealKey, "the key is not a share of this store's unseal key")
            }
            guard progress.withLock({ $0.add(share) }) else {
                throw SealError(.invalidUnsealKey, "this share was entered already")
            }
            let entered = progress.withLock { $0.shares }
            if entered.count >= configuration.threshold {
                progress.withLock { $0.reset() }
                try await unsealWith(shares: entered, configuration: configuration)
                logger.notice("Unsealed with operator shares")
            }
            return try await status()
        }
    }

    /// Unseals with the bootstrap key kept in storage (`PUT /auto-unseal`); only for stores
    /// initialised in bootstrap mode. Clears an operator's intent to keep the store sealed.
    public func autoUnseal() async throws -> SealStatus {
        try await operationGate.withTurn {
            try await unsealWithBootstrapKey()
        }
    }

    /// Seals this instance (`PUT /seal`): forgets every key and the unseal progress, and records
    /// that the store should stay sealed across restarts. The keys are dropped before the intent is
    /// written, so a storage failure still leaves this instance sealed (and reports the failure).
    public func seal() async throws {
        try await operationGate.withTurn {
            barrier.seal()
            progress.withLock { $0.reset() }
            logger.notice("Sealed by an operator")
            if try await storage.read(StoreLayout.intendedSeal) == nil {
                do {
                    try await storage.create(StoreLayout.intendedSeal, Array("sealed".utf8))
                } catch let error as StorageError where error.code == .alreadyExists {
                    // Another instance recorded the same intent.
                }
            }
        }
    }

    /// Decrypts the bootstrap share with the stored key pair and unseals; `clearingIntent` also
    /// forgets an operator's intent to keep the store sealed. Callers hold `operationGate`.
    @discardableResult
    func unsealWithBootstrapKey(clearingIntent: Bool = true) async throws -> SealStatus {
        guard let configuration = try await freshConfiguration() else {
            throw SealError(.badRequest, "the store is not initialised")
        }
        guard configuration.mode == .bootstrap else {
            throw SealError(.badRequest, "the store was initialised with custom keys: unseal it with their shares")
        }
        guard barrier.isSealed else {
            if clearingIntent { try await clearIntendedSeal() }
            return try await status()
        }
        try await unsealWith(
            shares: [try await bootstrapShare(of: configuration)], configuration: configuration,
            clearingIntent: clearingIntent)
        logger.notice("Unsealed with the bootstrap key")
        return try await status()
    }

    /// The only share of a bootstrap-mode store, decrypted with the key pair kept in storage.
    func bootstrapShare(of configuration: SealConfiguration) async throws -> UnsealKeyShare {
        guard configuration.mode == .bootstrap, let message = Hex.decode(configuration.keys[0]) else {
            throw SealError(.badRequest, "the store was initialised with custom keys: unseal it with their shares")
        }
        guard let stored = try await storage.read(StoreLayout.bootstrapKey),
            let armored = Data(base64Encoded: Data(stored.bytes))
        else { throw StorageError(.corrupted, "the bootstrap key is missing or does not decode") }
        var shareBytes = try await wrapping.unwrap(
            message, secretKey: String(decoding: armored, as: UTF8.self))
        defer { SecureMemory.wipe(&shareBytes) }
        return try UnsealKeyShare(hex: String(decoding: shareBytes, as: UTF8.self))
    }

    /// Combines shares into the unseal key, opens the keyring with it and forgets the operator's
    /// intent to stay sealed.
    private func unsealWith(
        shares: [UnsealKeyShare], configuration: SealConfiguration, clearingIntent: Bool = true
    ) async throws {
        var keyBytes = try ShamirSecretSharing.combine(shares)
        defer { SecureMemory.wipe(&keyBytes) }
        let unsealKey: SymmetricKey
        do {
            unsealKey = try SymmetricKey(bytes: keyBytes)
        } catch {
            throw SealError(.invalidUnsealKey, "the shares do not combine into an unseal key")
        }
        try await barrier.unseal(with: unsealKey)
        if clearingIntent { try await clearIntendedSeal() }
    }

    private func clearIntendedSeal() async throws {
        do {
            try await storage.delete(StoreLayout.intendedSeal)
        } catch let error as StorageError where error.code == .notFound {
            // Nobody sealed the store.
        }
    }
}
