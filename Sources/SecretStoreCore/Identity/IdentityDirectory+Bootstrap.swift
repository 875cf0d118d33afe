/// The superuser a server creates on first start, from its configuration. Descriptions and dumps
/// show the uid only.
public struct BootstrapSuperuser: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The superuser's uid.
    public var uid: String
    /// How it logs in: a password (a user), or a PEM public key (a service account).
    public var credential: Credential

    /// How the bootstrap superuser logs in. The password never appears in descriptions.
    public enum Credential: Sendable {
        /// A password, hashed before it is stored.
        case password(String)
        /// A PEM RSA public key.
        case publicKey(String)
    }

    /// Creates a bootstrap superuser.
    public init(uid: String, credential: Credential) {
        self.uid = uid
        self.credential = credential
    }

    public var description: String { "BootstrapSuperuser(\(uid))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["uid": uid], displayStyle: .struct) }
}

extension IdentityDirectory {
    /// The group every superuser belongs to.
    public static let superusersGroup = "superusers"

    /// Makes sure the `superusers` group exists with `dcos:superuser full`, and, if `superuser` is
    /// given and its uid is unknown, creates it as a member of that group. Both happen only once:
    /// later starts change nothing, whatever operators did since. Returns whether the user was created.
    @discardableResult
    public func bootstrap(superuser: BootstrapSuperuser?, hasher: PasswordHasher) async throws -> Bool {
        let gid = Self.superusersGroup
        var newUser: User?
        if let superuser, snapshot.users[superuser.uid] == nil {
            let uid = try IdentityName.validate(superuser.uid, kind: "user")
            switch superuser.credential {
            case .password(let password):
                newUser = User(
                    uid: uid, description: "Bootstrap superuser",
                    credential: .passwordHash(try await hasher.hash(password)), instance: try User.newInstance())
            case .publicKey(let pem):
                newUser = User(
                    uid: uid, description: "Bootstrap superuser",
                    credential: .publicKey(try ServiceAccountKey.validate(pem)), instance: try User.newInstance())
            }
        }
        return try await transact { snapshot in
            var changes = IdentityChangeSet()
            var group = snapshot.groups[gid]
            if group == nil {
                group = Group(gid: gid, description: "Superusers: every permission")
                var acl = snapshot.acls[.superuser] ?? ResourceACL(rid: .superuser, description: "Superuser")
                acl.setActions(acl.actions(for: .group(gid)).union([.full]), for: .group(gid))
                changes.acls[.superuser] = acl
            }
            var created = false
            if let newUser, snapshot.users[newUser.uid] == nil {
                changes.users[newUser.uid] = newUser
                group?.members.insert(newUser.uid)
                created = true
            }
            if group != snapshot.groups[gid] { changes.groups[gid] = group }
            return (changes, created)
        }
    }
}
