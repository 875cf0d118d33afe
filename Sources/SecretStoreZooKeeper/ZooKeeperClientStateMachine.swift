/// Which session a client is using, as a plain value the client keeps in a `Mutex`.
struct ZooKeeperClientStateMachine {
    enum State {
        case connected(ZooKeeperSession)
        /// The session died; `dead` is the handle still to close, `nil` once the upkeep loop took it.
        case reconnecting(dead: ZooKeeperSession?)
        case closed
    }

    private(set) var state: State = .reconnecting(dead: nil)

    /// What the upkeep loop (`ZooKeeperClient.maintainSessions()`) does next.
    enum Duty {
        /// Follow the live session until it dies.
        case follow(ZooKeeperSession)
        /// Close the dead handle, if any (off the library's threads), and build a new session.
        case replace(ZooKeeperSession?)
        /// Nothing more: the client is closed.
        case stop
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

    /// `session` died. Callers wait for a replacement if it was the current one; otherwise nothing changes.
    mutating func sessionDied(_ session: ZooKeeperSession) {
        guard case .connected(let current) = state, current === session else { return }
        state = .reconnecting(dead: session)
    }

    /// The upkeep loop's next duty; a dead handle is handed out once, to be closed.
    mutating func nextDuty() -> Duty {
        switch state {
        case .connected(let session):
            return .follow(session)
        case .reconnecting(let dead):
            state = .reconnecting(dead: nil)
            return .replace(dead)
        case .closed:
            return .stop
        }
    }

    /// Closes the client; returns the session to close, if any (a dead one not yet closed included).
    mutating func close() -> ZooKeeperSession? {
        defer { state = .closed }
        switch state {
        case .connected(let session): return session
        case .reconnecting(let dead): return dead
        case .closed: return nil
        }
    }
}
