import SecretStoreCrypto

/// What the barrier holds: nothing while sealed; the unseal key, the keyring and this instance's
/// reserved encryptions while unsealed. Kept in a `Mutex`; the methods are the only transitions.
enum BarrierState: Sendable {
    case sealed
    case unsealed(UnsealedKeys)

    /// The keys of an unsealed barrier.
    struct UnsealedKeys: Sendable {
        /// Opens and seals the keyring record.
        var unsealKey: SymmetricKey
        /// Every data key.
        var keyring: Keyring
        /// The term this instance's reservation is for.
        var reservedTerm: UInt32
        /// Encryptions left in this instance's reserved block.
        var remaining: UInt64
    }

    /// What an encryption may do now.
    enum EncryptionTurn {
        /// Nothing can be sealed.
        case sealed
        /// Seal with this key; one reserved encryption was used.
        case use(DataKey)
        /// The reserved block is used up (or was never taken): reserve more first.
        case reserve
    }

    /// Takes one reserved encryption under the active key, if there is one left.
    mutating func takeEncryption() -> EncryptionTurn {
        guard case .unsealed(var keys) = self else { return .sealed }
        guard keys.remaining > 0, keys.reservedTerm == keys.keyring.active.term else { return .reserve }
        keys.remaining -= 1
        self = .unsealed(keys)
        return .use(keys.keyring.active)
    }

    /// The key of `term`: `nil` if the keyring has no such term; throws when sealed.
    func key(term: UInt32) throws -> DataKey? {
        guard case .unsealed(let keys) = self else { throw SealError(.sealed, "the store is sealed") }
        return keys.keyring.key(term: term)
    }

    /// The unseal key, or a `.sealed` error.
    func unsealKey() throws -> SymmetricKey {
        guard case .unsealed(let keys) = self else { throw SealError(.sealed, "the store is sealed") }
        return keys.unsealKey
    }

    /// Installs a keyring read from storage, if the barrier is still unsealed with `unsealKey`
    /// (it may have been sealed, or unsealed anew, while the keyring was read). A reservation for
    /// the active term survives; `granted` replaces it with a new one.
    mutating func install(_ keyring: Keyring, unsealedWith unsealKey: SymmetricKey, granted: UInt64? = nil) {
        guard case .unsealed(var keys) = self, keys.unsealKey === unsealKey else { return }
        if let granted {
            keys.remaining = granted
            keys.reservedTerm = keyring.active.term
        } else if keys.reservedTerm != keyring.active.term {
            keys.remaining = 0
        }
        keys.keyring = keyring
        self = .unsealed(keys)
    }

    /// Seals, if the barrier is unsealed with `unsealKey` (not sealed or unsealed anew meanwhile);
    /// `true` if it did.
    mutating func seal(ifUnsealedWith unsealKey: SymmetricKey) -> Bool {
        guard case .unsealed(let keys) = self, keys.unsealKey === unsealKey else { return false }
        self = .sealed
        return true
    }

    /// After a rekey: the keyring is now sealed under `unsealKey`. Its data keys and counts are
    /// what they were, so a reservation for the active term survives. Nothing changes while sealed.
    mutating func replaceUnsealKey(with unsealKey: SymmetricKey, keyring: Keyring) {
        guard case .unsealed(var keys) = self else { return }
        if keys.reservedTerm != keyring.active.term { keys.remaining = 0 }
        keys.unsealKey = unsealKey
        keys.keyring = keyring
        self = .unsealed(keys)
    }

    /// The active term's status.
    var keyStatus: KeyStatus? {
        guard case .unsealed(let keys) = self else { return nil }
        let active = keys.keyring.active
        let unused = keys.reservedTerm == active.term ? keys.remaining : 0
        return KeyStatus(
            term: active.term, installTime: active.installTime,
            encryptions: active.encryptions - min(unused, active.encryptions))
    }
}
