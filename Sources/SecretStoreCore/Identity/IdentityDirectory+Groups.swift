extension IdentityDirectory {
    /// Creates an empty group; `.alreadyExists` if the gid is taken.
    public func createGroup(_ gid: String, description: String) async throws {
        let gid = try IdentityName.validate(gid, kind: "group")
        try await transact { snapshot in
            guard snapshot.groups[gid] == nil else {
                throw IdentityError(.alreadyExists, "group '\(gid)' already exists")
            }
            return (IdentityChangeSet(groups: [gid: Group(gid: gid, description: description)]), ())
        }
    }

    /// Changes a group's description; `.notFound` if unknown.
    public func updateGroup(_ gid: String, description: String) async throws {
        try await transact { snapshot in
            guard var group = snapshot.groups[gid] else { throw IdentityError(.notFound, "no group '\(gid)'") }
            group.description = description
            return (IdentityChangeSet(groups: [gid: group]), ())
        }
    }

    /// Deletes a group and every grant made to it, atomically; `.notFound` if unknown.
    public func deleteGroup(_ gid: String) async throws {
        try await transact { snapshot in
            guard snapshot.groups[gid] != nil else { throw IdentityError(.notFound, "no group '\(gid)'") }
            var changes = IdentityChangeSet(groups: [gid: nil])
            for var acl in snapshot.acls.values where acl.groups[gid] != nil {
                acl.groups[gid] = nil
                changes.acls[acl.rid] = acl
            }
            return (changes, ())
        }
    }

    /// Adds a member (idempotent); `.notFound` if the group or the user is unknown.
    public func addMember(_ uid: String, to gid: String) async throws {
        try await transact { snapshot in
            guard var group = snapshot.groups[gid] else { throw IdentityError(.notFound, "no group '\(gid)'") }
            guard snapshot.users[uid] != nil else { throw IdentityError(.notFound, "no user '\(uid)'") }
            guard group.members.insert(uid).inserted else { return (IdentityChangeSet(), ()) }
            return (IdentityChangeSet(groups: [gid: group]), ())
        }
    }

    /// Removes a member; `.notFound` for an unknown group, `.badRequest` if `uid` is not a member.
    public func removeMember(_ uid: String, from gid: String) async throws {
        try await transact { snapshot in
            guard var group = snapshot.groups[gid] else { throw IdentityError(.notFound, "no group '\(gid)'") }
            guard group.members.remove(uid) != nil else {
                throw IdentityError(.badRequest, "user '\(uid)' is not a member of group '\(gid)'")
            }
            return (IdentityChangeSet(groups: [gid: group]), ())
        }
    }
}
