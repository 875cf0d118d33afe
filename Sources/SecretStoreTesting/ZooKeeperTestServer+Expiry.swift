import SecretStoreZooKeeper

extension ZooKeeperTestServer {
    /// Expires `session` as a long network partition would: a second handle takes over the session
    /// (by its id and password) and closes it, so the server ends it and the first handle is told
    /// its session expired when it reconnects.
    ///
    /// The first handle may reconnect and take the session back before the impostor's close
    /// arrives; the server then ignores that close (the session moved). So this repeats the
    /// takeover until the first handle reports its session dead, for at most `limit`.
    public func expire(_ session: ZooKeeperSession, within limit: Duration = .seconds(30)) async throws {
        let deadline = ContinuousClock.now + limit
        while !session.state.isTerminal {
            guard ContinuousClock.now < deadline else {
                throw ZooKeeperError(.deadlineExceeded, operation: "expire")
            }
            let impostor = try ZooKeeperSession(
                connectString: connectString, sessionTimeout: .seconds(6), acl: .open, resuming: session.clientID)
            var ended = false
            do {
                try await impostor.waitUntilConnected(deadline: deadline)
            } catch let error as ZooKeeperError where error.code == .sessionExpired {
                // The server already ended the session: the first handle learns it when it reconnects.
                ended = true
            }
            impostor.close()
            let settle = ContinuousClock.now + (ended ? limit : .seconds(1))
            while !session.state.isTerminal && ContinuousClock.now < min(settle, deadline) {
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }
}
