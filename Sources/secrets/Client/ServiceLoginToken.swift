import Foundation
import JWTKit

/// The login token of a service account: an RS256 JWT with the claims `uid` and `exp`, signed with
/// the account's private key, which a `POST` to `IdentityAPIPath.login` trades for a session token.
struct ServiceLoginToken: JWTPayload {
    /// The service account.
    var uid: String
    /// When the server stops accepting the token.
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }

    /// A login token for `uid`, valid for `lifetime`, signed with the PEM RSA private key in `keyFile`.
    static func sign(uid: String, keyFile: String, lifetime: Duration = .seconds(300)) async throws -> String {
        guard let pem = FileManager.default.contents(atPath: keyFile) else {
            throw CLIError("cannot read the private key file \(keyFile)")
        }
        return try await sign(
            uid: uid, pem: String(decoding: pem, as: UTF8.self), keySource: keyFile, lifetime: lifetime)
    }

    /// A login token for `uid`, valid for `lifetime`, signed with the PEM RSA private key `pem`;
    /// `keySource` names where the key came from in the error, never the key itself.
    static func sign(
        uid: String, pem: String, keySource: String, lifetime: Duration = .seconds(300)
    ) async throws -> String {
        let key: Insecure.RSA.PrivateKey
        do {
            key = try Insecure.RSA.PrivateKey(pem: pem)
        } catch {
            throw CLIError("\(keySource) is not a PEM RSA private key of at least 2048 bits")
        }
        let keys = await JWTKeyCollection().add(rsa: key, digestAlgorithm: .sha256)
        let expiry = Date().addingTimeInterval(TimeInterval(lifetime.components.seconds))
        return try await keys.sign(ServiceLoginToken(uid: uid, exp: ExpirationClaim(value: expiry)))
    }
}
