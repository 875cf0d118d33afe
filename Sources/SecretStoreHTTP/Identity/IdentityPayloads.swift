import SecretStoreCore

/// Request and response bodies of the identity API, in the shapes DC/OS tools send and expect.
enum IdentityPayloads {
    /// `PUT|PATCH /users/{uid}`: a password makes a user, a public key a service account.
    struct UserBody: Decodable {
        var description: String?
        var password: String?
        var publicKey: String?

        enum CodingKeys: String, CodingKey {
            case description, password
            case publicKey = "public_key"
        }
    }

    /// `PUT|PATCH /groups/{gid}` and `PUT|PATCH /acls/{rid}`.
    struct DescriptionBody: Decodable {
        var description: String?
    }

    /// `POST /auth/login`.
    struct LoginBody: Decodable {
        var uid: String
        var password: String?
        var token: String?
    }

    struct TokenAnswer: Encodable {
        var token: String
    }

    struct UserAnswer: Encodable {
        var uid: String
        var description: String
        var url: String
        var isService: Bool
        var isRemote = false
        var providerType = "internal"
        var providerID = ""
        var publicKey: String?

        init(_ user: User) {
            uid = user.uid
            description = user.description
            url = "/acs/api/v1/users/\(IdentityPath.encode(user.uid))"
            isService = user.isService
            publicKey = user.publicKey
        }

        enum CodingKeys: String, CodingKey {
            case uid, description, url
            case isService = "is_service"
            case isRemote = "is_remote"
            case providerType = "provider_type"
            case providerID = "provider_id"
            case publicKey = "public_key"
        }
    }

    struct GroupAnswer: Encodable {
        var gid: String
        var description: String
        var url: String

        init(_ group: Group) {
            gid = group.gid
            description = group.description
            url = "/acs/api/v1/groups/\(IdentityPath.encode(group.gid))"
        }
    }

    struct ACLAnswer: Encodable {
        var rid: String
        var description: String
        var url: String

        init(_ acl: ResourceACL) {
            rid = acl.rid.rawValue
            description = acl.description
            url = "/acs/api/v1/acls/\(IdentityPath.encode(acl.rid.rawValue))"
        }
    }

    struct ArrayAnswer<Element: Encodable>: Encodable {
        var array: [Element]
    }

    struct ActionAnswer: Encodable {
        var name: String
        var url: String

        /// The actions granted on `acl` to `principal`, each with the URL that revokes it.
        static func list(_ actions: Set<PermissionAction>, on acl: ResourceACL, to principal: Principal) -> [Self] {
            let aclurl = "/acs/api/v1/acls/\(IdentityPath.encode(acl.rid.rawValue))"
            let base: String
            switch principal {
            case .user(let uid): base = "\(aclurl)/users/\(IdentityPath.encode(uid))"
            case .group(let gid): base = "\(aclurl)/groups/\(IdentityPath.encode(gid))"
            }
            return actions.sorted().map { ActionAnswer(name: $0.rawValue, url: "\(base)/\($0.rawValue)") }
        }
    }

    /// One resource's granted actions, as `/users/{uid}/permissions` and `/groups/{gid}/permissions` list them.
    struct PermissionAnswer: Encodable {
        var rid: String
        var description: String
        var aclurl: String
        var gid: String?
        var actions: [ActionAnswer]

        init(_ acl: ResourceACL, actions: Set<PermissionAction>, principal: Principal) {
            rid = acl.rid.rawValue
            description = acl.description
            aclurl = "/acs/api/v1/acls/\(IdentityPath.encode(acl.rid.rawValue))"
            if case .group(let gid) = principal { self.gid = gid }
            self.actions = ActionAnswer.list(actions, on: acl, to: principal)
        }
    }

    struct UserPermissionsAnswer: Encodable {
        var direct: [PermissionAnswer]
        var groups: [PermissionAnswer]
    }

    struct MembershipAnswer: Encodable {
        var membershipurl: String
        var group: GroupAnswer?
        var user: UserAnswer?
    }

    struct ACLPermissionsAnswer: Encodable {
        struct Grant: Encodable {
            var uid: String? = nil
            var gid: String? = nil
            var actions: [ActionAnswer]
        }

        var users: [Grant]
        var groups: [Grant]
    }

    struct AllowedAnswer: Encodable {
        var allowed: Bool
    }
}
