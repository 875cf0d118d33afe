import Foundation

/// The paths of the identity API (`/acs/api/v1`), from the server's root, with every id encoded
/// as one path segment (`segment(_:)`).
public enum IdentityAPIPath {
    /// `/acs/api/v1`: the prefix of every route of the identity API.
    public static let base = "/acs/api/v1"
    /// `/acs/api/v1/auth/login`.
    public static let login = base + "/auth/login"
    /// `/acs/api/v1/users`.
    public static let users = base + "/users"
    /// `/acs/api/v1/users?type=service`: the service accounts.
    public static let serviceAccounts = users + "?type=service"
    /// `/acs/api/v1/groups`.
    public static let groups = base + "/groups"
    /// `/acs/api/v1/acls`.
    public static let acls = base + "/acls"

    /// `/acs/api/v1/users/{uid}`.
    public static func user(_ uid: String) -> String { "\(users)/\(segment(uid))" }

    /// `/acs/api/v1/users/{uid}/permissions`.
    public static func permissions(ofUser uid: String) -> String { user(uid) + "/permissions" }

    /// `/acs/api/v1/groups/{gid}`.
    public static func group(_ gid: String) -> String { "\(groups)/\(segment(gid))" }

    /// `/acs/api/v1/groups/{gid}/users/{uid}`: a membership.
    public static func member(_ uid: String, of gid: String) -> String { "\(group(gid))/users/\(segment(uid))" }

    /// `/acs/api/v1/acls/{rid}`.
    public static func acl(_ rid: String) -> String { "\(acls)/\(segment(rid))" }

    /// `/acs/api/v1/acls/{rid}/users/{uid}/{action}`: a grant to a user.
    public static func grant(_ action: String, on rid: String, toUser uid: String) -> String {
        "\(acl(rid))/users/\(segment(uid))/\(action)"
    }

    /// `/acs/api/v1/acls/{rid}/groups/{gid}/{action}`: a grant to a group.
    public static func grant(_ action: String, on rid: String, toGroup gid: String) -> String {
        "\(acl(rid))/groups/\(segment(gid))/\(action)"
    }

    /// What `segment` leaves as it is: ASCII letters and digits, and the other characters ids may
    /// hold except `/`.
    private static let unescaped = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:@*+=,")

    /// An id as one URL path segment. DC/OS clients percent-encode an id and then encode its `%`
    /// again (`/` travels as `%252F`), and the server decodes path ids twice to match.
    public static func segment(_ id: String) -> String {
        let once = id.addingPercentEncoding(withAllowedCharacters: unescaped) ?? id
        return once.replacingOccurrences(of: "%", with: "%25")
    }
}
