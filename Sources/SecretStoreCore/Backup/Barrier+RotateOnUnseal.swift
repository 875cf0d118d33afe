extension Barrier {
    /// After a restore (`keys/rotate-on-unseal`): adds a data-key term at the first unseal, so that
    /// the restored copy seals new values under a key of its own rather than sharing one, and its
    /// encryption count, with the original that may still be running. A failure leaves the marker
    /// for the next unseal; the unseal itself stands either way.
    func rotateIfRestored() async {
        do {
            guard let marker = try await storage.read(BackupScope.rotateOnUnseal) else { return }
            try await rotate()
            try await storage.delete(BackupScope.rotateOnUnseal, expected: marker.version)
        } catch let error as StorageError where error.code == .notFound || error.code == .versionConflict {
            // Another instance unsealed at the same moment and removed the marker: a term was added.
        } catch {
            logger.warning("Cannot add the data-key term due after a restore", metadata: ["error": "\(error)"])
        }
    }
}
