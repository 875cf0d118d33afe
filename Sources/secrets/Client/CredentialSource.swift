import Foundation
import SecretStoreWire

/// Where `secrets exec` and `secrets validate-app` find their server and credentials, first match
/// wins: a service account credential in `DCOS_SERVICE_ACCOUNT_CREDENTIAL` (what a DC/OS task
/// receives), a token in `SECRETS_TOKEN` (server `SECRETS_URL`, default http://127.0.0.1:1337), or
/// the configuration `secrets login` saved (`$SECRETS_CONFIG` or ~/.config/secrets/config.json).
enum CredentialSource: CustomStringConvertible {
    /// A service account that logs in with its private key.
    case serviceAccount(ServiceAccountCredential)
    /// A token given in the environment, for the server at `url`.
    case token(url: String, token: String)
    /// The configuration file `secrets login` wrote.
    case savedConfiguration(path: String)

    /// The environment variable holding a service account credential.
    static let credentialVariable = "DCOS_SERVICE_ACCOUNT_CREDENTIAL"
    /// The environment variable holding a token.
    static let tokenVariable = "SECRETS_TOKEN"
    /// The server a token from the environment is for, unless `SECRETS_URL` names one.
    static let defaultURL = "http://127.0.0.1:1337"

    /// The first source `environment` offers.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let text = environment[Self.credentialVariable], !text.isEmpty {
            self = .serviceAccount(try ServiceAccountCredential(json: text, source: Self.credentialVariable))
        } else if let token = environment[Self.tokenVariable], !token.isEmpty {
            let url = environment["SECRETS_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultURL
            self = .token(url: url, token: token)
        } else {
            self = .savedConfiguration(path: ClientConfiguration.defaultPath(environment: environment))
        }
    }

    /// Which source, for messages; never a key or a token.
    var description: String {
        switch self {
        case .serviceAccount(let credential): "\(credential) (from \(Self.credentialVariable))"
        case .token(let url, _): "the token in \(Self.tokenVariable) for \(url)"
        case .savedConfiguration(let path): "the configuration \(path)"
        }
    }

    /// A client of the server, authenticated; a service account logs in first.
    func client() async throws -> SecretsClient {
        switch self {
        case .serviceAccount(let credential):
            return try await credential.logIn(source: Self.credentialVariable)
        case .token(let url, let token):
            return try SecretsClient(url: url, token: token)
        case .savedConfiguration(let path):
            let saved = try ClientConfiguration.load(from: path)
            return try SecretsClient(url: saved.url, token: saved.token)
        }
    }
}
