import CZooKeeper

/// The state of one ZooKeeper handle, as its session watcher reports it.
public enum ZooKeeperSessionState: Sendable, Hashable {
    /// Not (yet, or no longer) connected; the library is trying servers. The session may still be alive.
    case connecting
    /// Connected; requests are served.
    case connected
    /// The server expired the session: the handle is dead and must be replaced.
    case expired
    /// Authentication failed: the handle is dead.
    case authFailed
    /// Closed by us.
    case closed

    init(cState: Int32) {
        switch cState {
        case cszk_state_connected(): self = .connected
        case cszk_state_expired(): self = .expired
        case cszk_state_auth_failed(): self = .authFailed
        default: self = .connecting
        }
    }

    /// Whether the handle can never serve again.
    public var isTerminal: Bool { self == .expired || self == .authFailed || self == .closed }
}
