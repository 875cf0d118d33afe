/// A named set of users; grants made to a group reach every member.
public struct Group: Sendable, Hashable, Codable {
    /// The group's id.
    public var gid: String
    /// Free text.
    public var description: String
    /// The uids of the members.
    public var members: Set<String>

    /// Creates a group.
    public init(gid: String, description: String, members: Set<String> = []) {
        self.gid = gid
        self.description = description
        self.members = members
    }

    private enum CodingKeys: String, CodingKey { case gid, description, members }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        gid = try container.decode(String.self, forKey: .gid)
        description = try container.decode(String.self, forKey: .description)
        members = Set(try container.decode([String].self, forKey: .members))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(gid, forKey: .gid)
        try container.encode(description, forKey: .description)
        // Sorted so that the stored bytes do not depend on hashing order.
        try container.encode(members.sorted(), forKey: .members)
    }
}
