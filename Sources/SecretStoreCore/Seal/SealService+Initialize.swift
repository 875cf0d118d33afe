import Foundation
import SecretStoreCrypto

extension SealService {
    /// The shares as `GET /init` reports them.
    public func initialization() async throws -> SealInitialization {
        // Read afresh: another instance may have rekeyed, and operators fetch their new shares here.
        guard let configuration = try await freshConfiguration() else {
            return SealInitialization(
                initialized: false, keys: [], keysBase64: [], pgpFingerprints: [], shares: 0, threshold: 0)
        }
        return SealInitialization(configuration)
    }

    /// Custom-key initialisation (`PUT /init`): a new unseal key split into `shares` shares, each
    /// encrypted to the OpenPGP public key of the same index (base64 of a binary key, or armoured).
    /// The store stays sealed until `threshold` shares are entered. 409 if already initialised.
    public func initialize(shares: Int, threshold: Int, pgpKeys: [String]) async throws -> SealInitialization {
        try Self.validateShape(shares: shares, threshold: threshold, keyCount: pgpKeys.count)
        return try await operationGate.withTurn {
            guard try await freshConfiguration() == nil else {
                throw SealError(.alreadyInitialized, "the store is already initialised")
            }
            let unsealKey = try SymmetricKey.random()
            let configuration: SealConfiguration
            do {
                configuration = try await Self.configuration(
                    mode: .custom, unsealKey: unsealKey, threshold: threshold, publicKeys: pgpKeys, wrapping: wrapping)
            } catch let error as KeyShareWrappingError {
                throw SealError(.badRequest, error.description)
            }
            try await commitInitialization(configuration, unsealKey: unsealKey, bootstrapKey: nil)
            logger.notice(
                "Initialised the store with custom keys",
                metadata: ["shares": "\(shares)", "threshold": "\(threshold)"])
            return SealInitialization(configuration)
        }
    }

    /// Bootstrap initialisation: a fresh 4096-bit key pair, one share encrypted to it, the secret
    /// key kept at `keys/bootstrap_user.key`. If another instance initialised first, its store is used.
    func initializeBootstrap() async throws {
        guard try await configuration() == nil else { return }
        logger.notice("Initialising the store in bootstrap mode: generating a 4096-bit OpenPGP key pair")
        let unsealKey = try SymmetricKey.random()
        let keyPair = try await wrapping.generateKeyPair(
            userID: "SecretStore bootstrap <bootstrap@secret-store.invalid>")
        let configuration = try await Self.configuration(
            mode: .bootstrap, unsealKey: unsealKey, threshold: 1, publicKeys: [keyPair.publicKey], wrapping: wrapping)
        do {
            try await commitInitialization(
                configuration, unsealKey: unsealKey, bootstrapKey: Data(keyPair.secretKey.utf8).base64EncodedString())
            logger.notice("Initialised the store in bootstrap mode")
        } catch let error as StorageError where error.code == .alreadyExists {
            logger.notice("Another instance initialised the store first: using its keys")
            cachedConfiguration.withLock { $0 = nil }
        }
    }

    /// Checks the shape `PUT /init` and `PUT /rekey` ask for: 1 to 10 shares, a threshold between 1
    /// and the shares, one public key per share.
    static func validateShape(shares: Int, threshold: Int, keyCount: Int) throws {
        guard (1...SealConfiguration.maximumShares).contains(shares) else {
            throw SealError(.badRequest, "shares must be between 1 and \(SealConfiguration.maximumShares)")
        }
        guard (1...shares).contains(threshold) else {
            throw SealError(.badRequest, "threshold must be between 1 and shares (\(shares))")
        }
        guard keyCount == shares else {
            throw SealError(.badRequest, "pgp_keys must hold one public key per share (\(shares)), not \(keyCount)")
        }
    }

    /// Splits the unseal key and encrypts each share's hex to the public key of its index.
    static func configuration(
        mode: SealConfiguration.Mode, unsealKey: SymmetricKey, threshold: Int, publicKeys: [String],
        wrapping: any KeyShareWrapping
    ) async throws -> SealConfiguration {
        var keyBytes = unsealKey.withUnsafeBytes { Array($0) }
        defer { SecureMemory.wipe(&keyBytes) }
        let shares = try ShamirSecretSharing.split(keyBytes, shares: publicKeys.count, threshold: threshold)
        var hexes = shares.map { Array($0.hex.utf8) }
        defer { for index in hexes.indices { SecureMemory.wipe(&hexes[index]) } }
        let digests = try hexes.map { Hex.encode(try SHA256.hash($0)) }
        let wrapped = try await wrapping.wrap(hexes, to: publicKeys)
        return SealConfiguration(
            mode: mode, shares: publicKeys.count, threshold: threshold, pgpFingerprints: wrapped.map(\.fingerprint),
            keys: wrapped.map { Hex.encode($0.message) }, shareDigests: digests, initialized: Date())
    }

    /// Stores the configuration, the keyring (and the bootstrap key) in one atomic write.
    private func commitInitialization(
        _ configuration: SealConfiguration, unsealKey: SymmetricKey, bootstrapKey: String?
    ) async throws {
        var mutations: [StorageMutation] = [
            .create(StoreLayout.sealConfiguration, try configuration.encoded()),
            try barrier.initialKeyringMutation(unsealKey: unsealKey),
            .create(StoreLayout.rootClaim, StoreLayout.rootClaimRecord(by: "initialization")),
        ]
        if let bootstrapKey { mutations.append(.create(StoreLayout.bootstrapKey, Array(bootstrapKey.utf8))) }
        do {
            try await storage.commit(mutations)
        } catch let error as StorageError where error.code == .alreadyExists {
            // Another initialisation won (a bootstrap instance then uses its store), or a restore
            // has claimed the root and is writing the backup's records.
            if try await storage.read(BackupScope.restorePending) != nil {
                throw SealError(.conflict, "a restore into this root is in progress")
            }
            guard bootstrapKey == nil else { throw error }
            throw SealError(.alreadyInitialized, "the store is already initialised")
        }
        cachedConfiguration.withLock { $0 = configuration }
    }
}

extension SealInitialization {
    init(_ configuration: SealConfiguration) {
        self.init(
            initialized: true, keys: configuration.keys,
            keysBase64: configuration.keys.map { Data(Hex.decode($0) ?? []).base64EncodedString() },
            pgpFingerprints: configuration.pgpFingerprints, shares: configuration.shares,
            threshold: configuration.threshold)
    }
}
