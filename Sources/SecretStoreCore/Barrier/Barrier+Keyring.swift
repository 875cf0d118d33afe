import Foundation
import SecretStoreCrypto

extension Barrier {
    /// Unseals with `unsealKey`: reads and opens the keyring. `SealError.invalidUnsealKey` if the
    /// key does not open it.
    package func unseal(with unsealKey: SymmetricKey) async throws {
        let (keyring, _) = try await loadKeyring(unsealKey)
        state.withLock {
            $0 = .unsealed(
                .init(unsealKey: unsealKey, keyring: keyring, reservedTerm: keyring.active.term, remaining: 0))
        }
        announce(sealed: false)
        await rotateIfRestored()
    }

    /// Forgets every key. Each is wiped once the last in-flight request using it lets go.
    package func seal() {
        state.withLock { $0 = .sealed }
        announce(sealed: true)
    }

    /// Creates the keyring record of a new store: one data key of term 1, sealed under `unsealKey`.
    package func initialKeyringMutation(unsealKey: SymmetricKey) throws -> StorageMutation {
        .create(StoreLayout.keyring, try sealKeyring(try Keyring.fresh(now: Date()), with: unsealKey))
    }

    /// Adds a data-key term; new values are sealed under it, older terms keep opening what they sealed.
    public func rotate() async throws {
        try await keyringGate.withTurn {
            try await updateKeyring { keyring in
                try keyring.addTerm(now: Date())
                return nil
            }
        }
        let term = state.withLock { $0.keyStatus?.term }
        logger.notice("added a data-key term", metadata: ["term": "\(term.map(String.init) ?? "?")"])
    }

    /// Reads the keyring again (another instance may have added a term or reserved encryptions). If
    /// the unseal key no longer opens it (another instance rekeyed the store), the barrier seals
    /// itself and this throws `.sealed`.
    public func reloadKeyring() async throws {
        try await keyringGate.withTurn {
            let unsealKey = try state.withLock { try $0.unsealKey() }
            let (keyring, _) = try await loadKeyring(held: unsealKey)
            state.withLock { $0.install(keyring, unsealedWith: unsealKey) }
        }
    }

    /// Reserves a block of encryptions under the active term, adding a term first if the active one
    /// has none left.
    func reserveEncryptions() async throws {
        try await keyringGate.withTurn {
            // Another caller may have reserved while this one waited for its turn.
            if case .unsealed(let keys) = state.withLock({ $0 }), keys.remaining > 0,
                keys.reservedTerm == keys.keyring.active.term
            {
                return
            }
            let limits = self.limits
            try await updateKeyring { keyring in
                if keyring.active.encryptions >= limits.encryptionsPerTerm {
                    try keyring.addTerm(now: Date())
                    self.logger.notice(
                        "the active data key reached its encryption limit: added a term",
                        metadata: ["term": "\(keyring.active.term)"])
                }
                let granted = min(limits.reservationBlock, limits.encryptionsPerTerm - keyring.active.encryptions)
                keyring.reserveActive(granted)
                return granted
            }
        }
    }

    /// Reads the keyring, applies `change`, and writes it back if nobody wrote it meanwhile
    /// (otherwise starts over); then installs it. `change` returns a new reservation, if it made one.
    /// Callers hold `keyringGate`.
    private func updateKeyring(_ change: (inout Keyring) throws -> UInt64?) async throws {
        let unsealKey = try state.withLock { try $0.unsealKey() }
        for _ in 0..<8 {
            var (keyring, version) = try await loadKeyring(held: unsealKey)
            let granted = try change(&keyring)
            do {
                try await storage.update(
                    StoreLayout.keyring, try sealKeyring(keyring, with: unsealKey), expected: version)
            } catch let error as StorageError where error.code == .versionConflict {
                continue
            }
            state.withLock { $0.install(keyring, unsealedWith: unsealKey, granted: granted) }
            return
        }
        throw StorageError(.versionConflict, "the keyring kept changing while it was updated")
    }

    /// The stored keyring and its version, opened with the unseal key this barrier holds. A key that
    /// no longer opens it was replaced by a rekey through another instance: rather than answer every
    /// request with a key error, the barrier seals itself (if it still holds that key) and this
    /// throws `.sealed`; operators unseal it with the new shares.
    private func loadKeyring(held unsealKey: SymmetricKey) async throws -> (Keyring, StorageVersion) {
        do {
            return try await loadKeyring(unsealKey)
        } catch let error as SealError where error.code == .invalidUnsealKey {
            if state.withLock({ $0.seal(ifUnsealedWith: unsealKey) }) {
                announce(sealed: true)
                logger.notice(
                    "Sealed: the unseal key no longer opens the keyring (rekeyed through another instance)",
                    metadata: ["next": "unseal this instance with the new shares"])
            }
            throw SealError(
                .sealed, "the store was rekeyed: this instance is sealed until unsealed with the new shares")
        }
    }

    /// The stored keyring and its version, opened with `unsealKey`.
    func loadKeyring(_ unsealKey: SymmetricKey) async throws -> (Keyring, StorageVersion) {
        guard let stored = try await storage.read(StoreLayout.keyring) else {
            throw SealError(.badRequest, "the store is not initialised")
        }
        let envelope = try Envelope(decoding: stored.bytes, path: StoreLayout.keyringBinding)
        guard envelope.term == 0 else {
            throw StorageError(.corrupted, "the keyring record is not sealed by an unseal key")
        }
        var plaintext: [UInt8]
        do {
            plaintext = try AESGCM.open(
                envelope.box, using: unsealKey,
                authenticating: Envelope.associatedData(storeID: "", path: StoreLayout.keyringBinding, term: 0))
        } catch let error as CryptoError where error.code == .authenticationFailed {
            throw SealError(.invalidUnsealKey, "the unseal key does not open this store's keyring")
        }
        defer { SecureMemory.wipe(&plaintext) }
        return (try Keyring(decoding: plaintext), stored.version)
    }

    /// The keyring record: the encoded ring sealed under `unsealKey`, the encoding wiped afterwards.
    func sealKeyring(_ keyring: Keyring, with unsealKey: SymmetricKey) throws -> [UInt8] {
        var plaintext = keyring.encoded()
        defer { SecureMemory.wipe(&plaintext) }
        let box = try AESGCM.seal(
            plaintext, using: unsealKey,
            authenticating: Envelope.associatedData(storeID: "", path: StoreLayout.keyringBinding, term: 0))
        return Envelope(term: 0, box: box).encoded
    }
}
