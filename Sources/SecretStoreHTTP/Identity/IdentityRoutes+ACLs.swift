import Hummingbird
import SecretStoreCore
import SecretStoreWire

extension IdentityRoutes {
    func registerACLs(on group: AccessGroup) {
        group.get("/acls", access: .superuser, use: listACLs)
        group.put("/acls/{rid}", access: .superuser, use: createACL)
        group.get("/acls/{rid}", access: .superuser, use: getACL)
        group.patch("/acls/{rid}", access: .superuser, use: updateACL)
        group.delete("/acls/{rid}", access: .superuser, use: deleteACL)
        group.get("/acls/{rid}/permissions", access: .superuser, use: aclPermissions)
        for kind in ["users", "groups"] {
            group.put("/acls/{rid}/\(kind)/{id}/{action}", access: .superuser) { try await grant($0, $1, kind: kind) }
            group.delete("/acls/{rid}/\(kind)/{id}/{action}", access: .superuser) {
                try await revoke($0, $1, kind: kind)
            }
            group.get("/acls/{rid}/\(kind)/{id}/{action}", access: .superuser) { try await query($0, $1, kind: kind) }
        }
    }

    @Sendable func listACLs(_ request: Request, _ context: Context) async throws -> Response {
        let acls = try context.requireAccount().identity.acls.values.sorted { $0.rid < $1.rid }
        return JSONResponse.make(.ok, ArrayAnswer(array: acls.map(ACLAnswer.init)))
    }

    @Sendable func createACL(_ request: Request, _ context: Context) async throws -> Response {
        let rid = try ResourceID(try IdentityPath.id("rid", in: context))
        let body = try await request.decodeJSON(as: DescriptionBody.self, context: context)
        try await directory.createACL(rid, description: body.description ?? "")
        return JSONResponse.empty(.created)
    }

    @Sendable func getACL(_ request: Request, _ context: Context) async throws -> Response {
        let rid = try ResourceID(try IdentityPath.id("rid", in: context))
        guard let acl = try context.requireAccount().identity.acls[rid] else {
            throw IdentityError(.notFound, "no ACL '\(rid)'")
        }
        return JSONResponse.make(.ok, ACLAnswer(acl))
    }

    @Sendable func updateACL(_ request: Request, _ context: Context) async throws -> Response {
        let rid = try ResourceID(try IdentityPath.id("rid", in: context))
        let body = try await request.decodeJSON(as: DescriptionBody.self, context: context)
        try await directory.updateACL(rid, description: body.description ?? "")
        return JSONResponse.empty(.noContent)
    }

    @Sendable func deleteACL(_ request: Request, _ context: Context) async throws -> Response {
        try await directory.deleteACL(try ResourceID(try IdentityPath.id("rid", in: context)))
        return JSONResponse.empty(.noContent)
    }

    @Sendable func aclPermissions(_ request: Request, _ context: Context) async throws -> Response {
        let rid = try ResourceID(try IdentityPath.id("rid", in: context))
        guard let acl = try context.requireAccount().identity.acls[rid] else {
            throw IdentityError(.notFound, "no ACL '\(rid)'")
        }
        let users = acl.users.keys.sorted().map { uid in
            ACLPermissionsAnswer.Grant(
                uid: uid, actions: ActionAnswer.list(acl.users[uid] ?? [], on: acl, to: .user(uid)))
        }
        let groups = acl.groups.keys.sorted().map { gid in
            ACLPermissionsAnswer.Grant(
                gid: gid, actions: ActionAnswer.list(acl.groups[gid] ?? [], on: acl, to: .group(gid)))
        }
        return JSONResponse.make(
            .ok,
            ACLPermissionsAnswer(users: users, groups: groups))
    }

    func grant(_ request: Request, _ context: Context, kind: String) async throws -> Response {
        let (rid, principal, action) = try grantTarget(context, kind: kind)
        try await directory.grant(action, on: rid, to: principal)
        context.logger.info(
            "Granted", metadata: ["rid": "\(rid)", "to": "\(principal)", "action": "\(action.rawValue)"])
        return JSONResponse.empty(.noContent)
    }

    func revoke(_ request: Request, _ context: Context, kind: String) async throws -> Response {
        let (rid, principal, action) = try grantTarget(context, kind: kind)
        try await directory.revoke(action, on: rid, from: principal)
        context.logger.info(
            "Revoked", metadata: ["rid": "\(rid)", "from": "\(principal)", "action": "\(action.rawValue)"])
        return JSONResponse.empty(.noContent)
    }

    /// `GET /acls/{rid}/users/{uid}/{action}`: whether the user may perform the action on the
    /// resource by every rule (groups, wildcards, superuser); for a group, whether it holds the grant.
    func query(_ request: Request, _ context: Context, kind: String) async throws -> Response {
        let identity = try context.requireAccount().identity
        let (rid, principal, action) = try grantTarget(context, kind: kind)
        try identity.requireExists(principal)
        let allowed: Bool
        switch principal {
        case .user(let uid): allowed = identity.isAllowed(uid, action, on: rid)
        case .group: allowed = identity.acls[rid]?.actions(for: principal).contains { $0.allows(action) } ?? false
        }
        return JSONResponse.make(.ok, AllowedAnswer(allowed: allowed))
    }

    private func grantTarget(_ context: Context, kind: String) throws -> (ResourceID, Principal, PermissionAction) {
        let rid = try ResourceID(try IdentityPath.id("rid", in: context))
        let id = try IdentityPath.id("id", in: context)
        let action = try PermissionAction(parsing: try IdentityPath.id("action", in: context))
        return (rid, kind == "users" ? .user(id) : .group(id), action)
    }
}
