import Foundation

/// How a service account logs in (contract §5): what `dcos security secrets create-sa-secret`
/// stores as a text secret's value and what a task receives as `DCOS_SERVICE_ACCOUNT_CREDENTIAL`,
/// `{"login_endpoint", "private_key", "scheme", "uid"}`. Its description never shows the private key.
public struct ServiceAccountCredential: Codable, Sendable, Equatable, CustomStringConvertible {
    /// Where to log in: the server's URL followed by `IdentityAPIPath.login`.
    public var loginEndpoint: String
    /// The account's PEM RSA private key, exactly as in its file; never log it.
    public var privateKey: String
    /// The signature scheme of the login token: always `RS256`.
    public var scheme: String
    /// The service account.
    public var uid: String

    private enum CodingKeys: String, CodingKey {
        case loginEndpoint = "login_endpoint"
        case privateKey = "private_key"
        case scheme, uid
    }

    /// A credential of `uid` with `privateKey`, logging in at `loginEndpoint`.
    public init(loginEndpoint: String, privateKey: String, scheme: String = "RS256", uid: String) {
        self.loginEndpoint = loginEndpoint
        self.privateKey = privateKey
        self.scheme = scheme
        self.uid = uid
    }

    /// The account and where it logs in; never the private key.
    public var description: String { "service account \(uid) at \(loginEndpoint)" }

    /// The login endpoint of the server at `baseURL` (no trailing `/`).
    public static func loginEndpoint(of baseURL: String) -> String { baseURL + IdentityAPIPath.login }

    /// The credential as the secret's value: one JSON object, keys sorted, `/` not escaped.
    public var jsonText: String {
        get throws {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(self), as: UTF8.self)
        }
    }
}
