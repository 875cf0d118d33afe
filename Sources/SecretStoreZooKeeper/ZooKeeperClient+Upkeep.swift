import Logging
import SecretStoreConcurrency

extension ZooKeeperClient {
    /// Runs `body` while a child task keeps this client's sessions alive (`maintainSessions()`), then
    /// stops that task; the client stays open. For work before the client's `run()` starts in its
    /// service group (such as opening storage at start-up), and under `withConnection`.
    public func withUpkeep<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            group.addTask { await self.maintainSessions() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// Until the task is cancelled or the client closed: follows the current session, sweeping its
    /// callers' deadlines and logging its connection changes, and when it dies closes it (here, in a
    /// Swift task, never on the library's callback thread) and builds a replacement with backoff.
    ///
    /// One such loop at a time per client: `run()` or `withUpkeep(_:)`.
    func maintainSessions() async {
        var backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(2))
        while !Task.isCancelled {
            switch state.withLock({ $0.nextDuty() }) {
            case .stop:
                return
            case .follow(let session):
                await withTaskGroup(of: Void.self) { group in
                    group.addTask { await session.enforceDeadlines() }
                    await follow(session)
                    group.cancelAll()
                }
            case .replace(let dead):
                dead?.close()
                let outcome = await retrying(with: backoff) { () async throws -> ZooKeeperSession? in
                    if case .closed = state.withLock({ $0.state }) { return nil }
                    return try await buildSession(deadline: .now + configuration.connectTimeout)
                } failed: { error in
                    logger.warning("ZooKeeper session rebuild failed; retrying", metadata: ["error": "\(error)"])
                }
                // Cancelled while rebuilding: the state still says a session is to be built, so the
                // next run of this loop does it.
                guard case .some(let built) = outcome else { return }
                // `nil`: the client was closed meanwhile.
                guard let replacement = built else { return }
                backoff.reset()
                install(replacement)
            }
        }
    }

    /// Logs `session`'s connection changes until it dies (then marks it dead) or the task is cancelled.
    private func follow(_ session: ZooKeeperSession) async {
        var seen = session.observation
        var disconnected = seen.state == .connecting
        while !seen.state.isTerminal {
            guard let change = await session.stateChange(after: seen) else { return }
            seen = change
            switch change.state {
            case .connecting:
                disconnected = true
                logger.warning("ZooKeeper connection lost; reconnecting")
            case .connected:
                if disconnected { logger.info("ZooKeeper connection re-established") }
                disconnected = false
            case .expired, .authFailed:
                logger.warning("ZooKeeper session ended", metadata: ["state": "\(change.state)"])
            case .closed:
                break
            }
        }
        sessionDied(session)
    }
}
