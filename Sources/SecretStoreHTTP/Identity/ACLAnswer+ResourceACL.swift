import SecretStoreCore
import SecretStoreWire

extension ACLAnswer {
    /// `acl` as the identity API shows it, with its URL.
    init(_ acl: ResourceACL) {
        self.init(rid: acl.rid.rawValue, description: acl.description, url: IdentityAPIPath.acl(acl.rid.rawValue))
    }
}
