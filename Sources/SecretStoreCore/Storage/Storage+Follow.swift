import SecretStoreConcurrency

extension Storage {
    /// Calls `changed` once the watch of `key` is in place, on every change, and again after the
    /// watch is re-established (a lost session), until the task is cancelled. The first call catches
    /// a change made before the watch was set. Storage outages, and a `changed` that throws, are
    /// ridden out with `backoff`: the watch is set again and `changed` called again.
    ///
    /// How every instance follows what another one may replace (the keyring, the seal
    /// configuration, the token keys, the cluster id and the audit key after a rekey or a restore).
    public func follow(
        _ key: StorageKey, backoff: Backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5)),
        changed: @Sendable () async throws -> Void
    ) async {
        var backoff = backoff
        while !Task.isCancelled {
            do {
                let changes = try await watch(key)
                backoff.reset()
                try await changed()
                for await _ in changes { try await changed() }
            } catch {
                await backoff.sleep()
            }
        }
    }
}
