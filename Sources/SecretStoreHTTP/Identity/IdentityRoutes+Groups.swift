import Hummingbird
import SecretStoreCore
import SecretStoreWire

extension IdentityRoutes {
    func registerGroups(on group: AccessGroup) {
        group.get("/groups", access: .superuser, use: listGroups)
        group.put("/groups/{gid}", access: .superuser, use: createGroup)
        group.get("/groups/{gid}", access: .superuser, use: getGroup)
        group.patch("/groups/{gid}", access: .superuser, use: updateGroup)
        group.delete("/groups/{gid}", access: .superuser, use: deleteGroup)
        group.get("/groups/{gid}/users", access: .superuser, use: groupMembers)
        group.put("/groups/{gid}/users/{uid}", access: .superuser, use: addMember)
        group.delete("/groups/{gid}/users/{uid}", access: .superuser, use: removeMember)
        group.get("/groups/{gid}/permissions", access: .superuser, use: groupPermissions)
    }

    @Sendable func listGroups(_ request: Request, _ context: Context) async throws -> Response {
        let groups = try context.requireAccount().identity.groups.values.sorted { $0.gid < $1.gid }
        return JSONResponse.make(
            .ok, ArrayAnswer(array: groups.map(GroupAnswer.init)))
    }

    @Sendable func createGroup(_ request: Request, _ context: Context) async throws -> Response {
        let gid = try IdentityPath.id("gid", in: context)
        let body = try await request.decodeJSON(as: DescriptionBody.self, context: context)
        try await directory.createGroup(gid, description: body.description ?? "")
        return JSONResponse.empty(.created)
    }

    @Sendable func getGroup(_ request: Request, _ context: Context) async throws -> Response {
        let gid = try IdentityPath.id("gid", in: context)
        guard let group = try context.requireAccount().identity.groups[gid] else {
            throw IdentityError(.notFound, "no group '\(gid)'")
        }
        return JSONResponse.make(.ok, GroupAnswer(group))
    }

    @Sendable func updateGroup(_ request: Request, _ context: Context) async throws -> Response {
        let gid = try IdentityPath.id("gid", in: context)
        let body = try await request.decodeJSON(as: DescriptionBody.self, context: context)
        try await directory.updateGroup(gid, description: body.description ?? "")
        return JSONResponse.empty(.noContent)
    }

    @Sendable func deleteGroup(_ request: Request, _ context: Context) async throws -> Response {
        try await directory.deleteGroup(try IdentityPath.id("gid", in: context))
        return JSONResponse.empty(.noContent)
    }

    @Sendable func groupMembers(_ request: Request, _ context: Context) async throws -> Response {
        let identity = try context.requireAccount().identity
        let gid = try IdentityPath.id("gid", in: context)
        guard let group = identity.groups[gid] else { throw IdentityError(.notFound, "no group '\(gid)'") }
        let members = group.members.sorted().compactMap { uid in
            identity.users[uid].map { user in
                MembershipAnswer(
                    membershipurl: IdentityAPIPath.member(uid, of: gid),
                    user: UserAnswer(user))
            }
        }
        return JSONResponse.make(.ok, ArrayAnswer(array: members))
    }

    @Sendable func addMember(_ request: Request, _ context: Context) async throws -> Response {
        try await directory.addMember(
            try IdentityPath.id("uid", in: context), to: try IdentityPath.id("gid", in: context))
        return JSONResponse.empty(.noContent)
    }

    @Sendable func removeMember(_ request: Request, _ context: Context) async throws -> Response {
        try await directory.removeMember(
            try IdentityPath.id("uid", in: context), from: try IdentityPath.id("gid", in: context))
        return JSONResponse.empty(.noContent)
    }

    @Sendable func groupPermissions(_ request: Request, _ context: Context) async throws -> Response {
        let identity = try context.requireAccount().identity
        let gid = try IdentityPath.id("gid", in: context)
        guard identity.groups[gid] != nil else { throw IdentityError(.notFound, "no group '\(gid)'") }
        let permissions = identity.acls.values.sorted { $0.rid < $1.rid }.compactMap { acl in
            acl.groups[gid].map { PermissionAnswer(acl, actions: $0, principal: .group(gid)) }
        }
        return JSONResponse.make(.ok, ArrayAnswer(array: permissions))
    }
}
