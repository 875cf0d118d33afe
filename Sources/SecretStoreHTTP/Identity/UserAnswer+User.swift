import SecretStoreCore
import SecretStoreWire

extension UserAnswer {
    /// `user` as the identity API shows it: a local account, its URL, and a service account's key.
    init(_ user: User) {
        self.init(
            uid: user.uid, description: user.description, url: IdentityAPIPath.user(user.uid),
            isService: user.isService, publicKey: user.publicKey)
    }
}
