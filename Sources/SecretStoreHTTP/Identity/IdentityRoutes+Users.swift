import Hummingbird
import SecretStoreCore
import SecretStoreWire

extension IdentityRoutes {
    func registerUsers(on group: AccessGroup) {
        group.get("/users", access: .superuser, use: listUsers)
        group.put("/users/{uid}", access: .superuser, use: createUser)
        group.get("/users/{uid}", access: .superuser, use: getUser)
        group.patch("/users/{uid}", access: .superuser, use: updateUser)
        group.delete("/users/{uid}", access: .superuser, use: deleteUser)
        group.get("/users/{uid}/groups", access: .superuser, use: userGroups)
        group.get("/users/{uid}/permissions", access: .superuser, use: userPermissions)
    }

    /// `GET /users` lists users; `GET /users?type=service` lists service accounts (as DC/OS does).
    @Sendable func listUsers(_ request: Request, _ context: Context) async throws -> Response {
        let services = request.uri.queryParameters["type"] == "service"
        let users = try context.requireAccount().identity.users.values.filter { $0.isService == services }
            .sorted { $0.uid < $1.uid }
        return JSONResponse.make(.ok, ArrayAnswer(array: users.map(UserAnswer.init)))
    }

    @Sendable func createUser(_ request: Request, _ context: Context) async throws -> Response {
        let uid = try IdentityName.validate(try IdentityPath.id("uid", in: context), kind: "user")
        let body = try await request.decodeJSON(as: UserBody.self, context: context)
        let credential: User.Credential
        switch (body.password, body.publicKey) {
        case (let password?, nil): credential = .passwordHash(try await hasher.hash(password))
        case (nil, let publicKey?): credential = .publicKey(try ServiceAccountKey.validate(publicKey))
        default:
            throw IdentityError(
                .badRequest, "send a password (for a user) or a public_key (for a service account), not both")
        }
        try await directory.createUser(User(uid: uid, description: body.description ?? "", credential: credential))
        context.logger.info("Created account", metadata: ["account": "\(uid)", "service": "\(body.publicKey != nil)"])
        return JSONResponse.empty(.created)
    }

    /// `GET /users/{uid}`: an unknown uid is 400, as DC/OS answers it.
    @Sendable func getUser(_ request: Request, _ context: Context) async throws -> Response {
        let uid = try IdentityPath.id("uid", in: context)
        guard let user = try context.requireAccount().identity.users[uid] else {
            throw IdentityError(.badRequest, "no user '\(uid)'")
        }
        return JSONResponse.make(.ok, UserAnswer(user))
    }

    @Sendable func updateUser(_ request: Request, _ context: Context) async throws -> Response {
        let uid = try IdentityPath.id("uid", in: context)
        let body = try await request.decodeJSON(as: UserBody.self, context: context)
        var credential: User.Credential?
        switch (body.password, body.publicKey) {
        case (let password?, nil): credential = .passwordHash(try await hasher.hash(password))
        case (nil, let publicKey?): credential = .publicKey(try ServiceAccountKey.validate(publicKey))
        case (nil, nil): credential = nil
        case (_?, _?):
            throw IdentityError(.badRequest, "send a password or a public_key, not both")
        }
        try await directory.updateUser(uid, description: body.description, credential: credential)
        return JSONResponse.empty(.noContent)
    }

    @Sendable func deleteUser(_ request: Request, _ context: Context) async throws -> Response {
        let uid = try IdentityPath.id("uid", in: context)
        try await directory.deleteUser(uid)
        context.logger.info("Deleted account", metadata: ["account": "\(uid)"])
        return JSONResponse.empty(.noContent)
    }

    @Sendable func userGroups(_ request: Request, _ context: Context) async throws -> Response {
        let identity = try context.requireAccount().identity
        let uid = try IdentityPath.id("uid", in: context)
        guard identity.users[uid] != nil else { throw IdentityError(.notFound, "no user '\(uid)'") }
        let memberships = identity.groups(of: uid).sorted().compactMap { gid in
            identity.groups[gid].map { group in
                MembershipAnswer(
                    membershipurl: IdentityAPIPath.member(uid, of: gid),
                    group: GroupAnswer(group))
            }
        }
        return JSONResponse.make(.ok, ArrayAnswer(array: memberships))
    }

    /// `GET /users/{uid}/permissions`: grants made to the user (`direct`) and to its groups (`groups`).
    @Sendable func userPermissions(_ request: Request, _ context: Context) async throws -> Response {
        let identity = try context.requireAccount().identity
        let uid = try IdentityPath.id("uid", in: context)
        guard identity.users[uid] != nil else { throw IdentityError(.notFound, "no user '\(uid)'") }
        let acls = identity.acls.values.sorted { $0.rid < $1.rid }
        let direct = acls.compactMap { acl in
            acl.users[uid].map { PermissionAnswer(acl, actions: $0, principal: .user(uid)) }
        }
        let viaGroups = identity.groups(of: uid).sorted().flatMap { gid in
            acls.compactMap { acl in
                acl.groups[gid].map { PermissionAnswer(acl, actions: $0, principal: .group(gid)) }
            }
        }
        return JSONResponse.make(.ok, UserPermissionsAnswer(direct: direct, groups: viaGroups))
    }
}
