extension IdentityDirectory {
    /// Creates a user or service account with a fresh instance id (whatever `user` carries: a new
    /// account is never an old one); `.alreadyExists` if the uid is taken.
    public func createUser(_ user: User) async throws {
        let uid = try IdentityName.validate(user.uid, kind: "user")
        var user = user
        user.instance = try User.newInstance()
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

    /// The instance id of account `uid`, giving it one first if it has none (an account stored before
    /// instances existed); `nil` if there is no such account. Tokens issued for the returned
    /// instance are accepted until the account is deleted.
    public func instance(of uid: String) async throws -> String? {
        guard let user = snapshot.users[uid] else { return nil }
        if let instance = user.instance { return instance }
        let fresh = try User.newInstance()
        return try await transact { snapshot in
            guard var user = snapshot.users[uid] else { return (IdentityChangeSet(), nil) }
            // Another instance (or an earlier call) may have assigned one since: keep it.
            if let instance = user.instance { return (IdentityChangeSet(), instance) }
            user.instance = fresh
            return (IdentityChangeSet(users: [uid: user]), fresh)
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
