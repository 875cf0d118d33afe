import Crypto
import Foundation
import SecretStoreCore
import Testing

@Suite("Audit path hashing")
struct AuditPathHasherTests {
    static let key = [UInt8](0..<32)

    static func expected(_ path: String) -> String {
        let code = HMAC<Crypto.SHA256>.authenticationCode(for: Array(path.utf8), using: Crypto.SymmetricKey(data: key))
        return "hmac-sha256:" + code.map { String(format: "%02x", $0) }.joined()
    }

    static func hasher() -> AuditPathHasher {
        let hasher = AuditPathHasher()
        hasher.install(key)
        return hasher
    }

    @Test func pathsAreHMACdAfterNormalisation() {
        let hasher = Self.hasher()
        #expect(hasher.path("app/db") == Self.expected("app/db"))
        #expect(hasher.path("/app//db/") == Self.expected("app/db"))
        #expect(hasher.hash("app/db") == Self.expected("app/db"))
        #expect(hasher.path("") == "")
        // A path the rule refuses is hashed as sent, never shown.
        #expect(hasher.path("a b") == Self.expected("a b"))
    }

    @Test func secretResourceIdsKeepTheirShapeAndHideThePath() {
        let hasher = Self.hasher()
        #expect(hasher.resource("dcos:secrets:default:/app/db") == "dcos:secrets:default:/" + Self.expected("app/db"))
        #expect(
            hasher.resource("dcos:secrets:list:default:/app") == "dcos:secrets:list:default:/" + Self.expected("app"))
        #expect(
            hasher.resource("dcos:secrets:default:/app/*") == "dcos:secrets:default:/" + Self.expected("app") + "/*")
        #expect(hasher.resource("dcos:secrets:list:default:/") == "dcos:secrets:list:default:/")
        #expect(hasher.resource("dcos:superuser") == "dcos:superuser")
        #expect(hasher.resource("dcos:adminrouter:ops:ca:rw") == "dcos:adminrouter:ops:ca:rw")
    }

    @Test func aNewKeyForgetsWhatTheOldOneHid() {
        let hasher = Self.hasher()
        let rid = "dcos:secrets:default:/app/db"
        #expect(hasher.resource(rid) == "dcos:secrets:default:/" + Self.expected("app/db"))
        #expect(hasher.remembering("/x/app/db") { _ in hasher.path("app/db") } == Self.expected("app/db"))
        let other = [UInt8](repeating: 9, count: 32)
        hasher.install(other)
        let code = HMAC<Crypto.SHA256>.authenticationCode(for: Array("app/db".utf8), using: SymmetricKey(data: other))
        let rehashed = "hmac-sha256:" + code.map { String(format: "%02x", $0) }.joined()
        #expect(hasher.path("app/db") == rehashed)
        #expect(hasher.resource(rid) == "dcos:secrets:default:/" + rehashed)
        #expect(hasher.remembering("/x/app/db") { _ in hasher.path("app/db") } == rehashed)
    }

    @Test func withoutItsKeyNothingHiddenIsRemembered() {
        let hasher = AuditPathHasher()
        let rid = "dcos:secrets:default:/app/db"
        #expect(hasher.resource(rid) == "dcos:secrets:default:/hmac-sha256:unavailable")
        hasher.install(Self.key)
        #expect(hasher.resource(rid) == "dcos:secrets:default:/" + Self.expected("app/db"))
    }

    @Test func clearPathsAreNormalisedOnly() {
        let hasher = AuditPathHasher(clearPaths: true)
        #expect(hasher.isReady)
        #expect(hasher.path("/app//db") == "app/db")
        #expect(hasher.resource("dcos:secrets:default:/app/db") == "dcos:secrets:default:/app/db")
    }

    @Test func withoutItsKeyAHasherIsNotReadyAndShowsNoPath() {
        let hasher = AuditPathHasher()
        #expect(!hasher.isReady)
        #expect(hasher.hash("app/db") == nil)
        #expect(!hasher.path("app/db").contains("app"))
    }

    @Test func theKeyIsMadeOnceAndSharedByEveryInstance() async throws {
        let storage = InMemoryStorage()
        let first = AuditPathHasher()
        let second = AuditPathHasher()
        async let a: Void = first.load(from: storage)
        async let b: Void = second.load(from: storage)
        _ = try await (a, b)
        #expect(first.isReady && second.isReady)
        #expect(first.hash("app/db") == second.hash("app/db"))
        #expect(try await storage.read(AuditPathHasher.storageKey)?.bytes.count == 32)
    }
}
