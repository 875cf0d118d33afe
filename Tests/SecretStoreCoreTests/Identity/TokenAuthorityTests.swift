import Foundation
import JWTKit
import Logging
import SecretStoreCore
import SecretStoreTesting
import Testing

@Suite("Session tokens")
struct TokenAuthorityTests {
    static let logger = Logger(label: "test.tokens")
    static let instance = "00112233445566778899aabbccddeeff"

    static func authority(_ storage: any Storage = InMemoryStorage()) async throws -> TokenAuthority {
        try await TokenAuthority.open(storage: storage, lifetime: .seconds(3600), logger: logger)
    }

    @Test func issuedTokensVerifyWithTheirClaims() async throws {
        let authority = try await Self.authority()
        let now = Date()
        let issued = try await authority.issue(for: "alice", instance: Self.instance, now: now)
        let claims = try await authority.verify(issued.token)
        #expect(claims.uid == "alice")
        #expect(abs(claims.exp.value.timeIntervalSince(now) - 3600) < 1)
        #expect(abs(claims.iat.value.timeIntervalSince(now)) < 1)
    }

    @Test func theDefaultLifetimeIsFiveDays() {
        #expect(IdentityService.Configuration().tokenLifetime == .seconds(5 * 24 * 3600))
    }

    @Test func everyInstanceOnOneStorageSharesTheKey() async throws {
        let storage = InMemoryStorage()
        let first = try await Self.authority(storage)
        let second = try await Self.authority(storage)
        #expect(first.publicKeys == second.publicKeys)
        let token = try await first.issue(for: "alice", instance: Self.instance).token
        #expect(try await second.verify(token).uid == "alice")
        // A key ring of another store does not accept it.
        let stranger = try await Self.authority()
        await #expect(throws: IdentityError.self) { try await stranger.verify(token) }
    }

    @Test func expiredTokensAreRejected() async throws {
        let authority = try await Self.authority()
        let old = try await authority.issue(
            for: "alice", instance: Self.instance, now: Date(timeIntervalSinceNow: -3601)
        ).token
        await #expect(throws: IdentityError.self) { try await authority.verify(old) }
    }

    @Test func unsignedAndAlgorithmConfusedTokensAreRejected() async throws {
        let authority = try await Self.authority()
        let valid = try await authority.issue(for: "alice", instance: Self.instance).token
        let parts = valid.split(separator: ".").map(String.init)
        let kid = try #require(authority.publicKeys.keys.first?.kid)

        // alg: none, with and without a signature part.
        let none = Self.base64URL(#"{"alg":"none","typ":"JWT","kid":"\#(kid)"}"#)
        await #expect(throws: IdentityError.self) { try await authority.verify("\(none).\(parts[1]).") }
        await #expect(throws: IdentityError.self) { try await authority.verify("\(none).\(parts[1]).\(parts[2])") }

        // HS256 "signed" with the public key as the HMAC secret: the classic confusion attack.
        let key = try #require(authority.publicKeys.keys.first)
        let publicPEM = try Insecure.RSA.PublicKey(modulus: key.n, exponent: key.e).pemRepresentation
        let hmac = JWTKeyCollection()
        await hmac.add(hmac: HMACKey(from: publicPEM), digestAlgorithm: .sha256, kid: JWKIdentifier(string: kid))
        let confused = try await hmac.sign(
            SessionClaims(
                uid: "alice", instance: Self.instance, exp: ExpirationClaim(value: Date(timeIntervalSinceNow: 600)),
                iat: IssuedAtClaim(value: Date())),
            kid: JWKIdentifier(string: kid))
        await #expect(throws: IdentityError.self) { try await authority.verify(confused) }

        // A valid header and payload with another key's signature, and a payload changed after signing.
        let forged = try await JWTFixtures.loginToken(uid: "alice", key: "stranger")
        await #expect(throws: IdentityError.self) { try await authority.verify(forged) }
        let tampered = [parts[0], Self.base64URL(#"{"uid":"root","exp":9999999999,"iat":1}"#), parts[2]]
        await #expect(throws: IdentityError.self) { try await authority.verify(tampered.joined(separator: ".")) }

        for garbage in ["", "abc", "a.b.c", "...", String(repeating: "x", count: 20_000)] {
            await #expect(throws: IdentityError.self) { try await authority.verify(garbage) }
        }
    }

    @Test func jwksPublishesTheRSAKeyTokensAreSignedWith() async throws {
        let authority = try await Self.authority()
        let token = try await authority.issue(for: "alice", instance: Self.instance).token
        let key = try #require(authority.publicKeys.keys.first)
        #expect(key.kty == "RSA" && key.alg == "RS256" && !key.kid.isEmpty)
        // An outside verifier that knows only the JWKS accepts the token.
        let outside = JWTKeyCollection()
        await outside.add(
            rsa: try Insecure.RSA.PublicKey(modulus: key.n, exponent: key.e), digestAlgorithm: .sha256,
            kid: JWKIdentifier(string: key.kid))
        #expect(try await outside.verify(token, as: SessionClaims.self).uid == "alice")
    }

    static func base64URL(_ text: String) -> String {
        Data(text.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

@Suite("Session tokens, remembered")
struct TokenCacheTests {
    /// A token verified once is still refused once it expires.
    @Test func aRememberedTokenStillExpires() async throws {
        let authority = try await TokenAuthority.open(
            storage: InMemoryStorage(), lifetime: .seconds(60), logger: Logger(label: "test"))
        let issued = try await authority.issue(for: "alice", instance: TokenAuthorityTests.instance)
        #expect(try await authority.verify(issued.token).uid == "alice")
        #expect(try await authority.verify(issued.token).uid == "alice")
        await #expect(throws: IdentityError(.unauthenticated, "the token has expired")) {
            try await authority.verify(issued.token, now: issued.expires.addingTimeInterval(1))
        }
    }
}
