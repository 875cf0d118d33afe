extension IdentityService: RestoreDependent {
    /// Loads the restored users, groups and ACLs, and the restored token keys: the backup's
    /// passwords and tokens work from now on, the replaced ones no longer do.
    public func storeWasRestored() async throws {
        try await directory.refresh()
        try await authority.reload()
    }
}
