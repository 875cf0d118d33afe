import Foundation
import JWTKit
import Logging
import SecretStoreTesting
import Testing

@testable import SecretStoreCore

/// Every account has an instance id that its session tokens name, so that deleting an account ends
/// its tokens for good, even once the uid is taken again.
@Suite("Account instances")
struct AccountInstanceTests {
    static let logger = Logger(label: "test.instances")

    static func user(_ uid: String, instance: String? = nil) -> User {
        User(uid: uid, description: "", credential: .passwordHash("$6$x"), instance: instance)
    }

    static func isInstanceID(_ text: String?) -> Bool {
        guard let text else { return false }
        return text.count == 32 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    @Test func aCreatedAccountGetsAFreshRandomInstanceWhateverItCarries() async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Self.logger)
        try await directory.createUser(Self.user("alice", instance: "chosen-by-the-caller"))
        let first = directory.snapshot.users["alice"]?.instance
        #expect(Self.isInstanceID(first))
        try await directory.deleteUser("alice")
        try await directory.createUser(Self.user("alice"))
        let second = directory.snapshot.users["alice"]?.instance
        #expect(Self.isInstanceID(second))
        #expect(first != second)
    }

    @Test func aPasswordChangeKeepsTheInstance() async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Self.logger)
        try await directory.createUser(Self.user("alice"))
        let before = try #require(directory.snapshot.users["alice"]?.instance)
        try await directory.updateUser("alice", description: "new", credential: .passwordHash("$6$y"))
        #expect(directory.snapshot.users["alice"]?.instance == before)
        #expect(try await directory.instance(of: "alice") == before)
        #expect(try await directory.instance(of: "nobody") == nil)
    }

    @Test func theBootstrapSuperuserHasAnInstance() async throws {
        let identity = try await IdentityFixture.service()
        #expect(Self.isInstanceID(identity.directory.snapshot.users[IdentityFixture.superuser]?.instance))
    }

    /// A record stored before instances existed decodes without one; no token matches it, and the
    /// account's next login gives it one that every instance of the server then sees.
    @Test func aRecordStoredBeforeInstancesGetsOneAtItsFirstLogin() async throws {
        let storage = InMemoryStorage()
        let identity = try await IdentityFixture.service(storage: storage)
        try await identity.directory.createUser(Self.user("alice"))
        let key = IdentityRecordKey.user("alice")
        let stored = try #require(try await storage.read(key))
        let legacy = #"{"description":"","kind":"user","password_hash":"$6$x","uid":"alice"}"#
        try await storage.update(key, Array(legacy.utf8), expected: stored.version)

        let restarted = try await IdentityFixture.service(storage: storage)
        let user = try #require(restarted.directory.snapshot.users["alice"])
        #expect(user.instance == nil)
        let issued = try await restarted.issueToken(for: "alice")
        let claims = try await restarted.authority.verify(issued.token)
        let assigned = try #require(restarted.directory.snapshot.users["alice"])
        #expect(Self.isInstanceID(assigned.instance))
        #expect(claims.names(assigned))
        #expect(!claims.names(user))
        // Stored, not only remembered: another server instance sees the same id.
        let other = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
        #expect(other.snapshot.users["alice"]?.instance == assigned.instance)
    }

    @Test func anIssuedTokenCarriesTheInstanceInItsIIDClaim() async throws {
        let identity = try await IdentityFixture.service()
        let instance = try #require(identity.directory.snapshot.users[IdentityFixture.superuser]?.instance)
        let token = try await identity.issueToken(for: IdentityFixture.superuser).token
        let payload = try #require(token.split(separator: ".").dropFirst().first)
        var base64 = payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        let json = try JSONSerialization.jsonObject(with: try #require(Data(base64Encoded: base64)))
        let claims = try #require(json as? [String: Any])
        #expect(claims["iid"] as? String == instance)
        #expect(claims["uid"] as? String == IdentityFixture.superuser)
        #expect(Set(claims.keys) == ["uid", "iid", "exp", "iat"])
    }

    @Test(
        arguments: [
            // (token's uid, token's instance, account's uid, account's instance, accepted)
            ("alice", "i1", "alice", "i1", true),
            ("alice", "i1", "alice", "i2", false),  // deleted and re-created
            ("alice", nil, "alice", "i1", false),  // a token from before instances
            ("alice", "i1", "alice", nil, false),  // an account from before instances
            ("alice", nil, "alice", nil, false),
            ("alice", "i1", "bob", "i1", false),
        ] as [(String, String?, String, String?, Bool)])
    func claimsNameOnlyTheAccountInstanceTheyWereIssuedTo(
        tokenUID: String, tokenInstance: String?, uid: String, instance: String?, accepted: Bool
    ) {
        let now = Date()
        let claims = SessionClaims(
            uid: tokenUID, instance: tokenInstance, exp: ExpirationClaim(value: now + 60),
            iat: IssuedAtClaim(value: now))
        #expect(claims.names(Self.user(uid, instance: instance)) == accepted)
    }

    /// A token signed with the store's own key in the old format (`uid`, `exp`, `iat`): its signature
    /// is good, but it names no instance, so no account accepts it.
    @Test func aTokenWithoutAnInstanceVerifiesButNamesNoAccount() async throws {
        let storage = InMemoryStorage()
        let identity = try await IdentityFixture.service(storage: storage)
        let ring = try #require(try await storage.read(IdentityRecordKey.tokenKeys))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let stored = try #require(try decoder.decode(TokenKeyRing.self, from: Data(ring.bytes)).keys.first)
        let keys = JWTKeyCollection()
        await keys.add(
            rsa: try Insecure.RSA.PrivateKey(pem: stored.privateKey), digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: stored.kid))
        let old = try await keys.sign(
            OldSessionClaims(
                uid: IdentityFixture.superuser, exp: .init(value: Date() + 600), iat: .init(value: Date())),
            kid: JWKIdentifier(string: stored.kid))
        let claims = try await identity.authority.verify(old)
        #expect(claims.instance == nil)
        let root = try #require(identity.directory.snapshot.users[IdentityFixture.superuser])
        #expect(!claims.names(root))
    }
}

/// The claims tokens had before instances: what a token issued by an older server holds.
private struct OldSessionClaims: JWTPayload {
    var uid: String
    var exp: ExpirationClaim
    var iat: IssuedAtClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {}
}
