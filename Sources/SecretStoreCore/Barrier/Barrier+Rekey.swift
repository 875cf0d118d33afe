import SecretStoreCrypto

extension Barrier {
    /// Re-seals the keyring under `newKey` (a rekey), in one atomic commit with `mutations` (the new
    /// seal configuration, and the removal of the bootstrap key): `oldKey` must open the stored
    /// keyring (`SealError.invalidUnsealKey` otherwise). No data key changes and no value is
    /// re-encrypted. Either everything is written or nothing is, so the old shares keep working until
    /// the commit, and only the new ones after it. If this barrier is unsealed it holds `newKey`
    /// afterwards, within the same turn of the keyring gate, so none of its keyring writes uses the
    /// old key once the new one is stored.
    ///
    /// - Throws: `StorageError.versionConflict` if the keyring or a record of `mutations` changed
    ///   meanwhile (nothing written; the caller may try again).
    package func rewrapKeyring(
        from oldKey: SymmetricKey, to newKey: SymmetricKey, committing mutations: [StorageMutation]
    ) async throws {
        try await keyringGate.withTurn {
            let (keyring, version) = try await loadKeyring(oldKey)
            let record = try sealKeyring(keyring, with: newKey)
            do {
                try await storage.commit([.update(StoreLayout.keyring, record, expected: version)] + mutations)
            } catch let error as StorageError where error.code == .unavailable {
                // The outcome is unknown. The batch is atomic and the record holds a fresh random
                // nonce, so the stored keyring tells whether it was applied.
                guard (try? await storage.read(StoreLayout.keyring))?.bytes == record else { throw error }
            }
            state.withLock { $0.replaceUnsealKey(with: newKey, keyring: keyring) }
        }
    }
}
