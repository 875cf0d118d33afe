import Foundation
import JWTKit
import SecretStoreWire

/// What a task receives as `DCOS_SERVICE_ACCOUNT_CREDENTIAL` and `secrets create-sa-secret`
/// stores: how a service account logs in (wire contract, section 5). Its description never shows
/// the private key.
struct ServiceAccountCredential: Codable, CustomStringConvertible {
    /// Where to log in: the server's URL followed by `IdentityAPIPath.login`.
    var loginEndpoint: String
    /// The account's PEM RSA private key, exactly as in its file.
    var privateKey: String
    /// The signature scheme of the login token: always `RS256`.
    var scheme = "RS256"
    /// The service account.
    var uid: String

    enum CodingKeys: String, CodingKey {
        case loginEndpoint = "login_endpoint"
        case privateKey = "private_key"
        case scheme, uid
    }

    /// The account and where it logs in; never the private key.
    var description: String { "service account \(uid) at \(loginEndpoint)" }

    /// The login endpoint of the server at `baseURL` (no trailing `/`).
    static func loginEndpoint(of baseURL: String) -> String { baseURL + IdentityAPIPath.login }

    /// The credential of `uid` with the private key in `keyFile`, which must be a PEM RSA private
    /// key JWTKit accepts (2048 bits or more), so that the account can really log in with it.
    init(uid: String, keyFile: String, loginEndpoint: String) throws {
        guard let data = FileManager.default.contents(atPath: keyFile) else {
            throw CLIError("cannot read the private key file \(keyFile)")
        }
        let pem = String(decoding: data, as: UTF8.self)
        guard (try? Insecure.RSA.PrivateKey(pem: pem)) != nil else {
            throw CLIError("\(keyFile) is not a PEM RSA private key of at least 2048 bits")
        }
        self.loginEndpoint = loginEndpoint
        self.privateKey = pem
        self.uid = uid
    }

    /// The credential as the secret's value: one JSON object, keys sorted, `/` not escaped.
    var jsonText: String {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }
}
