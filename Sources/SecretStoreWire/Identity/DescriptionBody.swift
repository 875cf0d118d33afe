/// `PUT|PATCH /acs/api/v1/groups/{gid}` and `PUT|PATCH /acs/api/v1/acls/{rid}`: `{"description"}`.
public struct DescriptionBody: Codable, Sendable, Equatable {
    /// The description; absent is empty.
    public var description: String?

    /// A body with `description`.
    public init(description: String?) {
        self.description = description
    }
}
