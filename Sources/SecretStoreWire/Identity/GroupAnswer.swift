/// A group as `GET /acs/api/v1/groups[/{gid}]` shows it (contract §5): `{"gid","description","url"}`.
///
/// The server always sends `url`; a client reading the answer needs only `gid` and `description`.
public struct GroupAnswer: Codable, Sendable, Equatable {
    /// The group's id.
    public var gid: String
    /// Its description.
    public var description: String
    /// `/acs/api/v1/groups/{gid}`.
    public var url: String?

    /// A group with these fields.
    public init(gid: String, description: String, url: String?) {
        self.gid = gid
        self.description = description
        self.url = url
    }
}
