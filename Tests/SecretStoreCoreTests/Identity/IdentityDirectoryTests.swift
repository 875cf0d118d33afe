import Logging
import SecretStoreCore
import SecretStoreTesting
import Testing

@Suite("Identity directory")
struct IdentityDirectoryTests {
    static let logger = Logger(label: "test.identity")

    static func user(_ uid: String) -> User { User(uid: uid, description: "", credential: .passwordHash("$6$x")) }

    @Test func createsAndRefusesDuplicates() async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Self.logger)
        try await directory.createUser(Self.user("alice"))
        await #expect(throws: IdentityError(.alreadyExists, "user 'alice' already exists")) {
            try await directory.createUser(Self.user("alice"))
        }
        try await directory.createGroup("ops", description: "Operators")
        await #expect(throws: IdentityError(.alreadyExists, "group 'ops' already exists")) {
            try await directory.createGroup("ops", description: "")
        }
        let rid = try ResourceID("dcos:secrets:default:/x")
        try await directory.createACL(rid, description: "x")
        await #expect(throws: IdentityError(.alreadyExists, "ACL 'dcos:secrets:default:/x' already exists")) {
            try await directory.createACL(rid, description: "")
        }
    }

    @Test func unknownIdsAreNotFoundAndAbsentGrantsAreBadRequests() async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Self.logger)
        let rid = try ResourceID("dcos:secrets:default:/x")
        await #expect(throws: IdentityError(.notFound, "no ACL 'dcos:secrets:default:/x'")) {
            try await directory.grant(.read, on: rid, to: .user("alice"))
        }
        try await directory.createACL(rid, description: "")
        await #expect(throws: IdentityError(.notFound, "no user 'alice'")) {
            try await directory.grant(.read, on: rid, to: .user("alice"))
        }
        await #expect(throws: IdentityError(.notFound, "no group 'ops'")) {
            try await directory.grant(.read, on: rid, to: .group("ops"))
        }
        try await directory.createUser(Self.user("alice"))
        await #expect(throws: IdentityError.self) { try await directory.revoke(.read, on: rid, from: .user("alice")) }
        await #expect(throws: IdentityError(.notFound, "no user 'bob'")) { try await directory.deleteUser("bob") }
        await #expect(throws: IdentityError(.notFound, "no group 'g'")) { try await directory.deleteGroup("g") }
    }

    @Test(arguments: ["", "has space", "slash/inside", String(repeating: "u", count: 97), "semi;colon"])
    func invalidUserIDsAreRejected(_ uid: String) async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Self.logger)
        await #expect(throws: IdentityError.self) { try await directory.createUser(Self.user(uid)) }
    }

    @Test func deletingAUserRemovesItsMembershipsAndGrants() async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Self.logger)
        try await directory.createUser(Self.user("alice"))
        try await directory.createGroup("ops", description: "")
        try await directory.addMember("alice", to: "ops")
        let rid = try ResourceID("dcos:secrets:default:/x")
        try await directory.createACL(rid, description: "")
        try await directory.grant(.read, on: rid, to: .user("alice"))
        try await directory.deleteUser("alice")
        // A later account with the same uid inherits nothing.
        try await directory.createUser(Self.user("alice"))
        let snapshot = directory.snapshot
        #expect(snapshot.groups(of: "alice").isEmpty)
        #expect(snapshot.acls[rid]?.users.isEmpty == true)
        #expect(!snapshot.isAllowed("alice", .read, on: rid))
    }

    @Test func deletingAGroupRemovesItsGrants() async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Self.logger)
        try await directory.createGroup("ops", description: "")
        let rid = try ResourceID("dcos:secrets:default:/x")
        try await directory.createACL(rid, description: "")
        try await directory.grant(.full, on: rid, to: .group("ops"))
        try await directory.deleteGroup("ops")
        try await directory.createGroup("ops", description: "")
        #expect(directory.snapshot.acls[rid]?.groups.isEmpty == true)
    }

    @Test func bootstrapHappensOnceAndKeepsOperatorsChanges() async throws {
        let storage = InMemoryStorage()
        let hasher = PasswordHasher(rounds: 1_000)
        let superuser = BootstrapSuperuser(uid: "root", credential: .password("first-password"))
        let first = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
        #expect(try await first.bootstrap(superuser: superuser, hasher: hasher))
        #expect(first.snapshot.isSuperuser("root"))
        #expect(first.snapshot.acls[.superuser]?.groups["superusers"] == [.full])
        // An operator takes root out of the superusers; a restart must not put it back.
        try await first.removeMember("root", from: "superusers")
        let second = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
        #expect(try await second.bootstrap(superuser: superuser, hasher: hasher) == false)
        #expect(!second.snapshot.isSuperuser("root"))
    }

    @Test func resourceIDsWithSlashesAndOddCharactersRoundTripThroughStorage() async throws {
        let storage = InMemoryStorage()
        let directory = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
        let ids = ["dcos:secrets:default:/a/b_c/*", "dcos:adminrouter:ops:ca:rw", "x@y.z+=,-.", "..", "_5F"]
        for id in ids { try await directory.createACL(try ResourceID(id), description: id) }
        try await directory.createUser(Self.user("alice@example.com"))
        let reloaded = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
        #expect(Set(reloaded.snapshot.acls.keys.map(\.rawValue)) == Set(ids))
        #expect(reloaded.snapshot.acls.values.allSatisfy { $0.description == $0.rid.rawValue })
        #expect(reloaded.snapshot.users["alice@example.com"] != nil)
    }

    /// An instance more than the journal's reach behind reloads everything and gets it right.
    @Test func anInstanceFarBehindReloadsEverything() async throws {
        let storage = InMemoryStorage()
        let writer = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
        let reader = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
        try await writer.createUser(Self.user("early"))
        try await reader.refresh()
        #expect(reader.snapshot.users["early"] != nil)
        for index in 0..<70 { try await writer.createUser(Self.user("u\(index)")) }
        try await writer.deleteUser("early")
        try await reader.refresh()
        #expect(Set(reader.snapshot.users.keys) == Set(writer.snapshot.users.keys))
        #expect(reader.snapshot.users.count == 70)
    }
}

@Suite("Identity redaction")
struct IdentityRedactionTests {
    @Test func anAccountNeverPrintsItsPasswordHash() {
        let hash = "$6$rounds=1000$saltsaltsaltsalt$" + String(repeating: "h", count: 86)
        let user = User(uid: "alice", description: "Alice", credential: .passwordHash(hash))
        var dumped = ""
        dump(user, to: &dumped)
        for text in ["\(user)", String(reflecting: user), dumped, "\(Optional(user) as Any)"] {
            #expect(text.contains("alice"))
            #expect(!text.contains("saltsalt") && !text.contains("hhhh"), "\(text)")
        }
    }

    @Test func aBootstrapSuperuserNeverPrintsItsPassword() {
        let superuser = BootstrapSuperuser(uid: "root", credential: .password("very-secret-password"))
        var dumped = ""
        dump(superuser, to: &dumped)
        for text in ["\(superuser)", String(reflecting: superuser), dumped] {
            #expect(!text.contains("very-secret-password"), "\(text)")
        }
    }
}

@Suite("Identity data removed by hand")
struct IdentityWipeTests {
    /// An operator deletes everything under identity/ and a new user is created before a second
    /// instance looks again: the journal starts over at a lower counter, and the instance follows it.
    @Test func anInstanceFollowsAJournalThatStartedOver() async throws {
        let storage = InMemoryStorage()
        let writer = try await IdentityDirectory.open(storage: storage, logger: Logger(label: "test"))
        for uid in ["a", "b", "c"] {
            try await writer.createUser(User(uid: uid, description: "", credential: .passwordHash("$6$x")))
        }
        let reader = try await IdentityDirectory.open(storage: storage, logger: Logger(label: "test"))
        #expect(reader.snapshot.users.count == 3)
        for folder in ["identity/users", "identity/groups", "identity/acls"] {
            for name in try await storage.children(of: try StorageKey(folder)) {
                try await storage.delete(try StorageKey("\(folder)/\(name)"))
            }
        }
        try await storage.delete(try StorageKey("identity/revision"))
        let fresh = try await IdentityDirectory.open(storage: storage, logger: Logger(label: "test"))
        try await fresh.createUser(User(uid: "z", description: "", credential: .passwordHash("$6$x")))
        try await reader.refresh()
        #expect(Set(reader.snapshot.users.keys) == ["z"])
    }
}
