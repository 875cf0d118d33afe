import SecretStoreConcurrency
import ServiceLifecycle

extension IdentityService {
    /// Watches the token key ring and reloads it whenever it changes (a restore through another
    /// instance replaces it), so that every instance accepts the tokens every other one issues.
    /// Storage outages are ridden out; ends at graceful shutdown.
    func followTokenKeys() async {
        await cancelWhenGracefulShutdown {
            var backoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))
            while !Task.isCancelled {
                do {
                    let changes = try await self.directory.storage.watch(IdentityRecordKey.tokenKeys)
                    // Read once the watch is in place: a change made before it (since the keys were
                    // loaded at open, or while the watch was being re-established) is not reported.
                    try await self.authority.reload()
                    backoff.reset()
                    for await _ in changes {
                        do {
                            try await self.authority.reload()
                        } catch {
                            self.directory.logger.warning(
                                "Cannot reload the token signing keys", metadata: ["error": "\(error)"])
                        }
                    }
                } catch {
                    _ = await backoff.sleep()
                }
            }
        }
    }
}
