import Foundation
import SecretStoreWire

/// Where `secrets exec` and `secrets validate-app` find their server and credentials, first match
/// wins: a service account credential in `DCOS_SERVICE_ACCOUNT_CREDENTIAL` (what a DC/OS task
/// receives), a token in `SECRETS_TOKEN` (server `SECRETS_URL`, default http://127.0.0.1:1337), or
/// the configuration `secrets login` saved (`$SECRETS_CONFIG` or ~/.config/secrets/config.json).
/// The first two trust, over HTTPS, the CA certificate file `SECRETS_CA_CERT` names (else the
/// system's roots); the saved configuration carries its own trust.
enum CredentialSource: CustomStringConvertible {
    /// A service account that logs in with its private key.
    case serviceAccount(ServiceAccountCredential, trust: TLSTrust)
    /// A token given in the environment, for the server at `url`.
    case token(url: String, token: String, trust: TLSTrust)
    /// The configuration file `secrets login` wrote.
    case savedConfiguration(path: String)

    /// The environment variable holding a service account credential.
    static let credentialVariable = "DCOS_SERVICE_ACCOUNT_CREDENTIAL"
    /// The environment variable holding a token.
    static let tokenVariable = "SECRETS_TOKEN"
    /// The environment variable naming the CA certificate file the first two sources trust.
    static let caCertificateVariable = "SECRETS_CA_CERT"
    /// The server a token from the environment is for, unless `SECRETS_URL` names one.
    static let defaultURL = "http://127.0.0.1:1337"

    /// The first source `environment` offers.
    init(environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let trust = environment[Self.caCertificateVariable].flatMap { $0.isEmpty ? nil : TLSTrust.caFile($0) }
        if let text = environment[Self.credentialVariable], !text.isEmpty {
            self = .serviceAccount(
                try ServiceAccountCredential(json: text, source: Self.credentialVariable), trust: trust ?? .system)
        } else if let token = environment[Self.tokenVariable], !token.isEmpty {
            let url = environment["SECRETS_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultURL
            self = .token(url: url, token: token, trust: trust ?? .system)
        } else {
            self = .savedConfiguration(path: ClientConfiguration.defaultPath(environment: environment))
        }
    }

    /// Which source, for messages; never a key or a token.
    var description: String {
        switch self {
        case .serviceAccount(let credential, _): "\(credential) (from \(Self.credentialVariable))"
        case .token(let url, _, _): "the token in \(Self.tokenVariable) for \(url)"
        case .savedConfiguration(let path): "the configuration \(path)"
        }
    }

    /// A client of the server, authenticated; a service account logs in first.
    func client() async throws -> SecretsClient {
        switch self {
        case .serviceAccount(let credential, let trust):
            return try await credential.logIn(source: Self.credentialVariable, trust: trust)
        case .token(let url, let token, let trust):
            return try SecretsClient(url: url, token: token, trust: trust)
        case .savedConfiguration(let path):
            let saved = try ClientConfiguration.load(from: path)
            return try SecretsClient(url: saved.url, token: saved.token, trust: saved.trust)
        }
    }
}
