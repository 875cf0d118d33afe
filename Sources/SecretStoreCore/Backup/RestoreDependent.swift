/// A part of the server that caches something a restore replaces (identity, token keys, the
/// cluster id, the seal configuration, the audit HMAC key): told once a restore has written
/// everything, it drops its copy and reads the restored one.
public protocol RestoreDependent: Sendable {
    /// Called after a restore into this instance's root; reads what it caches again.
    func storeWasRestored() async throws
}
