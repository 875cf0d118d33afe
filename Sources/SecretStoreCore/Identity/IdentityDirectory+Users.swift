extension IdentityDirectory {
    /// Creates a user or service account; `.alreadyExists` if the uid is taken.
    public func createUser(_ user: User) async throws {
        let uid = try IdentityName.validate(user.uid, kind: "user")
        try await transact { snapshot in
            guard snapshot.users[uid] == nil else {
                throw IdentityError(.alreadyExists, "user '\(uid)' already exists")
            }
            return (IdentityChangeSet(users: [uid: user]), ())
        }
    }

    /// Changes an account's description and, if given, its credential (a password hash for a user, a
    /// public key for a service account; an account does not change kind). `.notFound` if unknown.
    public func updateUser(_ uid: String, description: String?, credential: User.Credential?) async throws {
        try await transact { snapshot in
            guard var user = snapshot.users[uid] else { throw IdentityError(.notFound, "no user '\(uid)'") }
            if let description { user.description = description }
            if let credential {
                switch (user.credential, credential) {
                case (.passwordHash, .passwordHash), (.publicKey, .publicKey): user.credential = credential
                case (.publicKey, .passwordHash):
                    throw IdentityError(
                        .badRequest, "'\(uid)' is a service account: it has a public key, not a password")
                case (.passwordHash, .publicKey):
                    throw IdentityError(.badRequest, "'\(uid)' is a user: it has a password, not a public key")
                }
            }
            return (IdentityChangeSet(users: [uid: user]), ())
        }
    }

    /// Deletes an account together with its group memberships and every grant made to it, in one
    /// atomic write: a later account with the same uid inherits nothing. `.notFound` if unknown.
    public func deleteUser(_ uid: String) async throws {
        try await transact { snapshot in
            guard snapshot.users[uid] != nil else { throw IdentityError(.notFound, "no user '\(uid)'") }
            var changes = IdentityChangeSet(users: [uid: nil])
            for gid in snapshot.groups(of: uid) {
                guard var group = snapshot.groups[gid] else { continue }
                group.members.remove(uid)
                changes.groups[gid] = group
            }
            for var acl in snapshot.acls.values where acl.users[uid] != nil {
                acl.users[uid] = nil
                changes.acls[acl.rid] = acl
            }
            return (changes, ())
        }
    }
}
