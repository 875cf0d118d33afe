/// One granted action, as permission lists show it: `{"name","url"}`, the URL being the one that
/// revokes the grant. The server always sends `url`; a client needs only `name`.
public struct ActionAnswer: Codable, Sendable, Equatable {
    /// `create`, `read`, `update`, `delete` or `full`.
    public var name: String
    /// `/acs/api/v1/acls/{rid}/users/{uid}/{action}` or `.../groups/{gid}/{action}`.
    public var url: String?

    /// An action with these fields.
    public init(name: String, url: String?) {
        self.name = name
        self.url = url
    }
}
