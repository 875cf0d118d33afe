/// One membership, as `GET /acs/api/v1/users/{uid}/groups` (with `group`) and
/// `GET /acs/api/v1/groups/{gid}/users` (with `user`) list them.
public struct MembershipAnswer: Codable, Sendable, Equatable {
    /// `/acs/api/v1/groups/{gid}/users/{uid}`.
    public var membershipurl: String
    /// The group, in a user's list.
    public var group: GroupAnswer?
    /// The user, in a group's list.
    public var user: UserAnswer?

    /// A membership with these fields.
    public init(membershipurl: String, group: GroupAnswer? = nil, user: UserAnswer? = nil) {
        self.membershipurl = membershipurl
        self.group = group
        self.user = user
    }
}
