import SecretStoreCore
import SecretStoreWire

extension PermissionAnswer {
    /// The `actions` granted on `acl` to `principal`; a group's grant names its group.
    init(_ acl: ResourceACL, actions: Set<PermissionAction>, principal: Principal) {
        var gid: String?
        if case .group(let group) = principal { gid = group }
        self.init(
            rid: acl.rid.rawValue, description: acl.description, aclurl: IdentityAPIPath.acl(acl.rid.rawValue),
            gid: gid, actions: ActionAnswer.list(actions, on: acl, to: principal))
    }
}
