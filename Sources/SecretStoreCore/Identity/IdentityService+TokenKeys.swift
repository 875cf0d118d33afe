import ServiceLifecycle

extension IdentityService {
    /// Watches the token key ring and reloads it whenever it changes (a restore through another
    /// instance replaces it), so that every instance accepts the tokens every other one issues.
    /// Storage outages are ridden out; ends at graceful shutdown.
    func followTokenKeys() async {
        await cancelWhenGracefulShutdown {
            await self.directory.storage.follow(IdentityRecordKey.tokenKeys) {
                do {
                    try await self.authority.reload()
                } catch {
                    self.directory.logger.warning(
                        "Cannot reload the token signing keys", metadata: ["error": "\(error)"])
                    throw error
                }
            }
        }
    }
}
