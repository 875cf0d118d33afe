import Logging
import SecretStoreCore
import SecretStoreTesting
import Testing

/// The contract's permission rules (section 4), checked through a directory holding a fixed set of
/// grants. Each row: who asks, for what action, on which resource, and whether it is allowed.
@Suite("Permission rules")
struct PermissionRulesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var uid: String
        var action: PermissionAction
        var rid: String
        var allowed: Bool
        var testDescription: String { "\(uid) \(action.rawValue) \(rid) → \(allowed ? "allowed" : "denied")" }
    }

    static let secrets = "dcos:secrets:default:"
    static let list = "dcos:secrets:list:default:"

    static let cases: [Case] = [
        // alice: read on /a/* (any depth below, not /a itself, component-wise)
        Case(uid: "alice", action: .read, rid: secrets + "/a/x", allowed: true),
        Case(uid: "alice", action: .read, rid: secrets + "/a/x/y/z", allowed: true),
        Case(uid: "alice", action: .read, rid: secrets + "/a", allowed: false),
        Case(uid: "alice", action: .read, rid: secrets + "/ab/c", allowed: false),
        Case(uid: "alice", action: .read, rid: secrets + "/ab", allowed: false),
        Case(uid: "alice", action: .update, rid: secrets + "/a/x", allowed: false),
        Case(uid: "alice", action: .read, rid: "dcos:secrets:other:/a/x", allowed: false),
        // alice: full on /exact implies the four actions, on that id only
        Case(uid: "alice", action: .create, rid: secrets + "/exact", allowed: true),
        Case(uid: "alice", action: .read, rid: secrets + "/exact", allowed: true),
        Case(uid: "alice", action: .update, rid: secrets + "/exact", allowed: true),
        Case(uid: "alice", action: .delete, rid: secrets + "/exact", allowed: true),
        Case(uid: "alice", action: .full, rid: secrets + "/exact", allowed: true),
        Case(uid: "alice", action: .read, rid: secrets + "/exact/child", allowed: false),
        Case(uid: "alice", action: .read, rid: secrets + "/exac", allowed: false),
        // alice: create on /b only
        Case(uid: "alice", action: .create, rid: secrets + "/b", allowed: true),
        Case(uid: "alice", action: .read, rid: secrets + "/b", allowed: false),
        Case(uid: "alice", action: .full, rid: secrets + "/b", allowed: false),
        Case(uid: "alice", action: .create, rid: secrets + "/b/c", allowed: false),
        // alice: list on folder covers its sub-folders, component-wise, not the secrets themselves
        Case(uid: "alice", action: .read, rid: list + "/folder", allowed: true),
        Case(uid: "alice", action: .read, rid: list + "/folder/sub", allowed: true),
        Case(uid: "alice", action: .read, rid: list + "/folder/sub/deeper", allowed: true),
        Case(uid: "alice", action: .read, rid: list + "/folderx", allowed: false),
        Case(uid: "alice", action: .read, rid: list + "/", allowed: false),
        Case(uid: "alice", action: .read, rid: list + "/fold", allowed: false),
        Case(uid: "alice", action: .create, rid: list + "/folder", allowed: false),
        Case(uid: "alice", action: .read, rid: secrets + "/folder/x", allowed: false),
        // alice: update on /c/d/*
        Case(uid: "alice", action: .update, rid: secrets + "/c/d/e", allowed: true),
        Case(uid: "alice", action: .update, rid: secrets + "/c/e", allowed: false),
        Case(uid: "alice", action: .update, rid: secrets + "/c/d", allowed: false),
        // bob: through group ops, full on /ops/*
        Case(uid: "bob", action: .delete, rid: secrets + "/ops/db", allowed: true),
        Case(uid: "bob", action: .read, rid: secrets + "/ops/a/b", allowed: true),
        Case(uid: "bob", action: .read, rid: secrets + "/ops", allowed: false),
        Case(uid: "bob", action: .read, rid: secrets + "/opsx/a", allowed: false),
        Case(uid: "bob", action: .read, rid: secrets + "/a/x", allowed: false),
        // carol: through group readers, list on the whole store, nothing else
        Case(uid: "carol", action: .read, rid: list + "/", allowed: true),
        Case(uid: "carol", action: .read, rid: list + "/any/deep/folder", allowed: true),
        Case(uid: "carol", action: .read, rid: secrets + "/any", allowed: false),
        Case(uid: "carol", action: .read, rid: "dcos:secrets:list:other:/x", allowed: false),
        // dave: through superusers, everything; erin: dcos:superuser with only `read` is still everything
        Case(uid: "dave", action: .read, rid: secrets + "/anything", allowed: true),
        Case(uid: "dave", action: .delete, rid: secrets + "/x/y", allowed: true),
        Case(uid: "dave", action: .full, rid: "dcos:superuser", allowed: true),
        Case(uid: "dave", action: .read, rid: "dcos:adminrouter:ops:mesos", allowed: true),
        Case(uid: "erin", action: .delete, rid: secrets + "/x", allowed: true),
        Case(uid: "erin", action: .create, rid: list + "/", allowed: true),
        // frank has no grants; ghost does not exist
        Case(uid: "frank", action: .read, rid: secrets + "/a/x", allowed: false),
        Case(uid: "frank", action: .read, rid: list + "/", allowed: false),
        Case(uid: "ghost", action: .read, rid: secrets + "/a/x", allowed: false),
        Case(uid: "ghost", action: .read, rid: "dcos:superuser", allowed: false),
        // gina: a direct grant and a group grant add up, but neither adds actions it does not name
        Case(uid: "gina", action: .read, rid: secrets + "/g", allowed: true),
        Case(uid: "gina", action: .create, rid: secrets + "/ops/new", allowed: true),
        Case(uid: "gina", action: .update, rid: secrets + "/g", allowed: false),
        // The CA (contract §8): rw implies ro, not the other way round; ops holds rw, carol ro only
        Case(uid: "bob", action: .full, rid: "dcos:adminrouter:ops:ca:rw", allowed: true),
        Case(uid: "bob", action: .full, rid: "dcos:adminrouter:ops:ca:ro", allowed: true),
        Case(uid: "carol", action: .full, rid: "dcos:adminrouter:ops:ca:ro", allowed: true),
        Case(uid: "carol", action: .full, rid: "dcos:adminrouter:ops:ca:rw", allowed: false),
        Case(uid: "alice", action: .full, rid: "dcos:adminrouter:ops:ca:ro", allowed: false),
        Case(uid: "dave", action: .full, rid: "dcos:adminrouter:ops:ca:rw", allowed: true),
    ]

    @Test(arguments: cases)
    func rule(_ row: Case) async throws {
        let identity = try await Self.fixture()
        #expect(
            identity.snapshot.isAllowed(row.uid, row.action, on: try ResourceID(row.rid)) == row.allowed)
    }

    /// The grants every row is checked against.
    static func fixture() async throws -> IdentityDirectory {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Logger(label: "test"))
        try await directory.bootstrap(superuser: nil, hasher: PasswordHasher(rounds: 1_000))
        for uid in ["alice", "bob", "carol", "dave", "erin", "frank", "gina"] {
            try await directory.createUser(User(uid: uid, description: "", credential: .passwordHash("$6$x")))
        }
        try await directory.createGroup("ops", description: "")
        try await directory.createGroup("readers", description: "")
        try await directory.addMember("bob", to: "ops")
        try await directory.addMember("gina", to: "ops")
        try await directory.addMember("carol", to: "readers")
        try await directory.addMember("dave", to: IdentityDirectory.superusersGroup)
        let grants: [(String, PermissionAction, Principal)] = [
            (secrets + "/a/*", .read, .user("alice")),
            (secrets + "/exact", .full, .user("alice")),
            (secrets + "/b", .create, .user("alice")),
            (list + "/folder", .read, .user("alice")),
            (secrets + "/c/d/*", .update, .user("alice")),
            (secrets + "/ops/*", .full, .group("ops")),
            (list + "/", .read, .group("readers")),
            ("dcos:superuser", .read, .user("erin")),
            (secrets + "/g", .read, .user("gina")),
            ("dcos:adminrouter:ops:ca:rw", .full, .group("ops")),
            ("dcos:adminrouter:ops:ca:ro", .full, .user("carol")),
        ]
        for (rid, action, principal) in grants {
            let resource = try ResourceID(rid)
            if directory.snapshot.acls[resource] == nil { try await directory.createACL(resource, description: "") }
            try await directory.grant(action, on: resource, to: principal)
        }
        return directory
    }

    @Test func removingAGroupGrantTakesEffectOnTheNextCheck() async throws {
        let directory = try await Self.fixture()
        let resource = try ResourceID(Self.secrets + "/ops/db")
        #expect(directory.snapshot.isAllowed("bob", .read, on: resource))
        try await directory.revoke(.full, on: try ResourceID(Self.secrets + "/ops/*"), from: .group("ops"))
        #expect(!directory.snapshot.isAllowed("bob", .read, on: resource))
    }

    @Test func leavingAGroupTakesEffectOnTheNextCheck() async throws {
        let directory = try await Self.fixture()
        try await directory.removeMember("bob", from: "ops")
        #expect(!directory.snapshot.isAllowed("bob", .read, on: try ResourceID(Self.secrets + "/ops/db")))
    }

    @Test(arguments: ["write", "READ", "Full", "", "*", "all", "list"])
    func unknownActionsAreRejected(_ name: String) {
        #expect(throws: IdentityError.self) { try PermissionAction(parsing: name) }
    }

    @Test func theCAsReadWriteGrantCoversItsReadOnlyOneButNotTheOtherWayRound() throws {
        #expect(Set(ResourceID.caReadOnly.coveringGrants) == [.caReadOnly, .caReadWrite, .superuser])
        #expect(Set(ResourceID.caReadWrite.coveringGrants) == [.caReadWrite, .superuser])
    }

    @Test func coveringGrantsOfASecretListing() throws {
        let covering = try ResourceID(Self.list + "/a/b").coveringGrants.map(\.rawValue)
        #expect(
            Set(covering) == [
                Self.list + "/a/b", Self.list + "/*", Self.list + "/a/*", Self.list + "/", Self.list + "/a",
                "dcos:superuser",
            ])
    }

    @Test(arguments: ["", "has space", "semi;colon", "percent%2F", String(repeating: "a", count: 1_201)])
    func malformedResourceIDsAreRejected(_ rid: String) {
        #expect(throws: IdentityError.self) { try ResourceID(rid) }
    }
}
