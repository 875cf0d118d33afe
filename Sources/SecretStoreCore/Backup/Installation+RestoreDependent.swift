extension Installation: RestoreDependent {
    /// Reads the restored cluster id at its next use.
    public func storeWasRestored() async throws {
        forgetClusterID()
    }
}
