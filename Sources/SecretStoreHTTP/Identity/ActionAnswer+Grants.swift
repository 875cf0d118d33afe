import SecretStoreCore
import SecretStoreWire

extension ActionAnswer {
    /// The actions granted on `acl` to `principal`, sorted, each with the URL that revokes it.
    static func list(_ actions: Set<PermissionAction>, on acl: ResourceACL, to principal: Principal) -> [Self] {
        let rid = acl.rid.rawValue
        return actions.sorted().map { action in
            let url: String
            switch principal {
            case .user(let uid): url = IdentityAPIPath.grant(action.rawValue, on: rid, toUser: uid)
            case .group(let gid): url = IdentityAPIPath.grant(action.rawValue, on: rid, toGroup: gid)
            }
            return ActionAnswer(name: action.rawValue, url: url)
        }
    }
}
