import ServiceLifecycle

extension CapacityAccountant {
    /// Renews this instance's lease every third of its lifetime until graceful shutdown, then
    /// settles its usage. Put it before the HTTP server in the service group, so that it stops
    /// after the last request.
    public func run() async throws {
        let interval = limits.leaseLifetime / 3
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: interval)
                do {
                    try await self.renew()
                } catch {
                    self.logger.warning("Could not renew the capacity lease", metadata: ["error": "\(error)"])
                }
            }
        }
        do {
            try await leave()
        } catch {
            // The lease then ends by itself and is settled, at its full grant, by another instance
            // or by the next start.
            logger.warning("Could not settle the capacity lease", metadata: ["error": "\(error)"])
        }
    }
}
