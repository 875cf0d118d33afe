/// `GET /acs/api/v1/users/{uid}/permissions` (contract §5): the grants made to the user (`direct`)
/// and to its groups (`groups`).
public struct UserPermissionsAnswer: Codable, Sendable, Equatable {
    /// Grants made to the user itself.
    public var direct: [PermissionAnswer]
    /// Grants made to its groups, each naming its group.
    public var groups: [PermissionAnswer]

    /// An answer with these grants.
    public init(direct: [PermissionAnswer], groups: [PermissionAnswer]) {
        self.direct = direct
        self.groups = groups
    }
}
