/// Which session a client is using, as a plain value the client keeps in a `Mutex`.
struct ZooKeeperClientStateMachine {
    enum State {
        case connected(ZooKeeperSession)
        case reconnecting
        case closed
    }

    private(set) var state: State = .reconnecting

    /// What to do with an expired session.
    enum ExpiredAction {
        /// Close it (off the library's threads) and build a new one.
        case replace(ZooKeeperSession)
        /// Nothing: it was already replaced, or the client is closed.
        case none
    }

    /// The session to use now, `nil` while reconnecting; throws once closed.
    func currentSession() throws -> ZooKeeperSession? {
        switch state {
        case .connected(let session): return session
        case .reconnecting: return nil
        case .closed: throw ZooKeeperError(.clientClosed, operation: "session")
        }
    }

    /// A new session is connected. Returns `false` (and the caller closes it) if the client was closed meanwhile.
    mutating func installed(_ session: ZooKeeperSession) -> Bool {
        if case .closed = state { return false }
        state = .connected(session)
        return true
    }

    /// `session` died. Returns it for replacement only if it is still the current one.
    mutating func sessionDied(_ session: ZooKeeperSession) -> ExpiredAction {
        guard case .connected(let current) = state, current === session else { return .none }
        state = .reconnecting
        return .replace(session)
    }

    /// Closes the client; returns the session to close, if any.
    mutating func close() -> ZooKeeperSession? {
        defer { state = .closed }
        if case .connected(let session) = state { return session }
        return nil
    }
}
