import SecretStoreCore
import SecretStoreWire

extension GroupAnswer {
    /// `group` as the identity API shows it, with its URL.
    init(_ group: Group) {
        self.init(gid: group.gid, description: group.description, url: IdentityAPIPath.group(group.gid))
    }
}
