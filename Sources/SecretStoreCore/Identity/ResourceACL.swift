/// An ACL: a resource id with a description, and the actions granted on it to users and groups.
public struct ResourceACL: Sendable, Hashable, Codable {
    /// The resource.
    public var rid: ResourceID
    /// Free text.
    public var description: String
    /// Actions granted to users, by uid.
    public var users: [String: Set<PermissionAction>]
    /// Actions granted to groups, by gid.
    public var groups: [String: Set<PermissionAction>]

    /// Creates an ACL with no grants.
    public init(
        rid: ResourceID, description: String, users: [String: Set<PermissionAction>] = [:],
        groups: [String: Set<PermissionAction>] = [:]
    ) {
        self.rid = rid
        self.description = description
        self.users = users
        self.groups = groups
    }

    /// The actions granted on this resource to `principal`.
    public func actions(for principal: Principal) -> Set<PermissionAction> {
        switch principal {
        case .user(let uid): return users[uid] ?? []
        case .group(let gid): return groups[gid] ?? []
        }
    }

    /// Adds or removes one action for `principal`; an empty set of actions is dropped.
    public mutating func setActions(_ actions: Set<PermissionAction>, for principal: Principal) {
        switch principal {
        case .user(let uid): users[uid] = actions.isEmpty ? nil : actions
        case .group(let gid): groups[gid] = actions.isEmpty ? nil : actions
        }
    }

    private enum CodingKeys: String, CodingKey { case rid, description, users, groups }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rid = try container.decode(ResourceID.self, forKey: .rid)
        description = try container.decode(String.self, forKey: .description)
        users = try container.decode([String: [PermissionAction]].self, forKey: .users).mapValues(Set.init)
        groups = try container.decode([String: [PermissionAction]].self, forKey: .groups).mapValues(Set.init)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rid, forKey: .rid)
        try container.encode(description, forKey: .description)
        try container.encode(users.mapValues { $0.sorted() }, forKey: .users)
        try container.encode(groups.mapValues { $0.sorted() }, forKey: .groups)
    }
}
