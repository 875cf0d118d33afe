extension IdentityDirectory {
    /// Creates an ACL with no grants; `.alreadyExists` if there is one for `rid`.
    public func createACL(_ rid: ResourceID, description: String) async throws {
        try await transact { snapshot in
            guard snapshot.acls[rid] == nil else { throw IdentityError(.alreadyExists, "ACL '\(rid)' already exists") }
            return (IdentityChangeSet(acls: [rid: ResourceACL(rid: rid, description: description)]), ())
        }
    }

    /// Changes an ACL's description; `.notFound` if unknown.
    public func updateACL(_ rid: ResourceID, description: String) async throws {
        try await transact { snapshot in
            guard var acl = snapshot.acls[rid] else { throw IdentityError(.notFound, "no ACL '\(rid)'") }
            acl.description = description
            return (IdentityChangeSet(acls: [rid: acl]), ())
        }
    }

    /// Deletes an ACL and its grants; `.notFound` if unknown.
    public func deleteACL(_ rid: ResourceID) async throws {
        try await transact { snapshot in
            guard snapshot.acls[rid] != nil else { throw IdentityError(.notFound, "no ACL '\(rid)'") }
            return (IdentityChangeSet(acls: [rid: nil]), ())
        }
    }

    /// Grants `action` on `rid` to `principal` (idempotent); `.notFound` if the ACL or the principal
    /// is unknown.
    public func grant(_ action: PermissionAction, on rid: ResourceID, to principal: Principal) async throws {
        try await transact { snapshot in
            guard var acl = snapshot.acls[rid] else { throw IdentityError(.notFound, "no ACL '\(rid)'") }
            try snapshot.requireExists(principal)
            var actions = acl.actions(for: principal)
            guard actions.insert(action).inserted else { return (IdentityChangeSet(), ()) }
            acl.setActions(actions, for: principal)
            return (IdentityChangeSet(acls: [rid: acl]), ())
        }
    }

    /// Revokes one granted action; `.notFound` for an unknown ACL, `.badRequest` if the grant is not there.
    public func revoke(_ action: PermissionAction, on rid: ResourceID, from principal: Principal) async throws {
        try await transact { snapshot in
            guard var acl = snapshot.acls[rid] else { throw IdentityError(.notFound, "no ACL '\(rid)'") }
            var actions = acl.actions(for: principal)
            guard actions.remove(action) != nil else {
                throw IdentityError(.badRequest, "\(principal) holds no '\(action.rawValue)' grant on '\(rid)'")
            }
            acl.setActions(actions, for: principal)
            return (IdentityChangeSet(acls: [rid: acl]), ())
        }
    }
}
