/// `GET /acs/api/v1/acls/{rid}/permissions`: every user and group holding a grant on the resource.
public struct ACLPermissionsAnswer: Codable, Sendable, Equatable {
    /// One holder's granted actions: `uid` for a user, `gid` for a group.
    public struct Grant: Codable, Sendable, Equatable {
        /// The user, for a user's grant.
        public var uid: String?
        /// The group, for a group's grant.
        public var gid: String?
        /// The granted actions.
        public var actions: [ActionAnswer]

        /// A grant with these fields.
        public init(uid: String? = nil, gid: String? = nil, actions: [ActionAnswer]) {
            self.uid = uid
            self.gid = gid
            self.actions = actions
        }
    }

    /// Grants to users.
    public var users: [Grant]
    /// Grants to groups.
    public var groups: [Grant]

    /// An answer with these grants.
    public init(users: [Grant], groups: [Grant]) {
        self.users = users
        self.groups = groups
    }
}
