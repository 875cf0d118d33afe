/// Who a grant is made to: a user (or service account) or a group.
public enum Principal: Sendable, Hashable, CustomStringConvertible {
    /// A user or service account, by uid.
    case user(String)
    /// A group, by gid.
    case group(String)

    public var description: String {
        switch self {
        case .user(let uid): return "user '\(uid)'"
        case .group(let gid): return "group '\(gid)'"
        }
    }
}
