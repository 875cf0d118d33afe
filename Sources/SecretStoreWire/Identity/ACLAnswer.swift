/// An ACL as `GET /acs/api/v1/acls[/{rid}]` shows it (contract §5): `{"rid","description","url"}`.
public struct ACLAnswer: Codable, Sendable, Equatable {
    /// The resource id, e.g. `dcos:secrets:default:/app/*`.
    public var rid: String
    /// Its description.
    public var description: String
    /// `/acs/api/v1/acls/{rid}`, the rid encoded as a path segment.
    public var url: String

    /// An ACL with these fields.
    public init(rid: String, description: String, url: String) {
        self.rid = rid
        self.description = description
        self.url = url
    }
}
