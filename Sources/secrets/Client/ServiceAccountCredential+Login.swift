import Foundation
import SecretStoreWire

extension ServiceAccountCredential {
    /// The path every login endpoint ends with; what comes before it is the server's base URL.
    static let loginPath = IdentityAPIPath.login

    /// The credential in `text`, the JSON a task receives as `DCOS_SERVICE_ACCOUNT_CREDENTIAL`;
    /// `source` names it in errors, which never quote the text (it holds the private key).
    init(json text: String, source: String) throws {
        do {
            self = try JSONDecoder().decode(ServiceAccountCredential.self, from: Data(text.utf8))
        } catch {
            throw CLIError(
                "\(source) is not a service account credential {\"login_endpoint\", \"private_key\", \"scheme\", \"uid\"}"
            )
        }
        guard scheme == "RS256" else { throw CLIError("\(source): the scheme must be RS256, not \(scheme)") }
    }

    /// The server's base URL: the login endpoint without `IdentityAPIPath.login`.
    var serverURL: String {
        get throws {
            var endpoint = loginEndpoint
            while endpoint.hasSuffix("/") { endpoint.removeLast() }
            guard endpoint.hasSuffix(Self.loginPath) else {
                throw CLIError("the login endpoint \(loginEndpoint) does not end with \(Self.loginPath)")
            }
            return String(endpoint.dropLast(Self.loginPath.count))
        }
    }

    /// Logs in as DC/OS services do: signs a short-lived RS256 login token `{"uid","exp"}` with the
    /// private key, trades it at the login endpoint for a session token, and returns a client of
    /// the server authenticated with it, whose HTTPS connections accept what `trust` allows.
    /// `source` names the credential in errors.
    func logIn(source: String, trust: TLSTrust) async throws -> SecretsClient {
        let base = try serverURL
        let login = try await ServiceLoginToken.sign(
            uid: uid, pem: privateKey, keySource: "the private_key of \(source)")
        let anonymous = try SecretsClient(url: base, token: nil, trust: trust)
        let answer = try await anonymous.send(
            "POST", Self.loginPath, json: LoginBody(uid: uid, token: login), as: TokenAnswer.self)
        return try SecretsClient(url: base, token: answer.token, trust: trust)
    }
}
