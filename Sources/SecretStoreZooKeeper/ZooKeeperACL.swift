/// Who may use the znodes a client creates.
public enum ZooKeeperACL: Sendable, Hashable {
    /// Anyone may do anything (`ZOO_OPEN_ACL_UNSAFE`): only for development without credentials.
    case open
    /// Only the identities the creating session authenticated with (`ZOO_CREATOR_ALL_ACL`):
    /// with digest authentication, the server's own `digest` identity.
    case creatorOnly
}
