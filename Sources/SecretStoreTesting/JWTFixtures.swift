import Foundation
import JWTKit

/// The RSA key pairs in `Fixtures/jwt` (made by `scripts/make-jwt-fixtures.sh`), and login tokens
/// signed with them, for service-account tests.
public enum JWTFixtures {
    /// `Fixtures/jwt` of this repository.
    public static let directory = RepositoryFixtures.folder("jwt")

    /// One fixture file as text, e.g. `service-account.pub.pem`.
    public static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// A service-account login token (RS256, claims `uid` and `exp`) signed with the private key
    /// of fixture `key` (`service-account` or `stranger`).
    public static func loginToken(uid: String, key: String = "service-account", expiresIn: TimeInterval = 300)
        async throws -> String
    {
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: text("\(key).key.pem")), digestAlgorithm: .sha256)
        return try await keys.sign(
            LoginClaims(uid: uid, exp: ExpirationClaim(value: Date(timeIntervalSinceNow: expiresIn))))
    }

    private struct LoginClaims: JWTPayload {
        var uid: String
        var exp: ExpirationClaim
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }
}
