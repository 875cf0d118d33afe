import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets login`: logs in with a password or a service account's private key and saves the
/// server's URL, the uid, the issued token and, for an https URL, what HTTPS trusts.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login", abstract: "Log in and save the token for the other commands.",
        discussion: """
            A user logs in with a password from --password-file, --password-stdin or, on a terminal, \
            a prompt. A service account logs in with --private-key: the CLI signs a short-lived RS256 \
            login token with it. The token is saved in the configuration file (mode 0600).

            Over https, the store is trusted as `dcos cluster setup` does: the CLI fetches the store's \
            root certificate (/ca/dcos-ca.crt), shows its SHA-256 fingerprint and asks "Trust this \
            certificate? [yes/no]" on standard input (with --password-stdin, the answer is the first \
            line and the password the second); --ca-fingerprint answers for you, --ca-cert trusts a CA \
            file instead. The accepted certificate is saved beside the configuration (config.ca.pem) \
            and later commands trust only it, host names verified. --insecure verifies nothing, now \
            or later.
            """)

    @Option(help: "The server's base URL (default: $SECRETS_URL or http://127.0.0.1:1337).")
    var url = ProcessInfo.processInfo.environment["SECRETS_URL"] ?? "http://127.0.0.1:1337"

    @Option(help: "The account to log in as.")
    var uid: String

    @OptionGroup(title: "Password (users)")
    var password: PasswordOptions

    @Option(
        name: .customLong("private-key"), help: "Log in as a service account with this PEM RSA private key file.")
    var privateKey: String?

    @OptionGroup(title: "HTTPS")
    var tls: LoginTrustOptions

    @Option(help: "Where to save the token (default: $SECRETS_CONFIG or ~/.config/secrets/config.json).")
    var config: String?

    func validate() throws {
        if privateKey != nil, password.isGiven {
            throw ValidationError("give one of --password-file, --password-stdin and --private-key")
        }
    }

    func run() async throws {
        let path = config ?? ClientConfiguration.defaultPath()
        let base = try SecretsClient.baseURL(url)
        let loginTrust = try await tls.establish(url: base, saved: try? ClientConfiguration.load(from: path))
        let client = try SecretsClient(url: base, token: nil, trust: loginTrust.trust)
        let credentials: LoginBody
        if let privateKey {
            credentials = LoginBody(uid: uid, token: try await ServiceLoginToken.sign(uid: uid, keyFile: privateKey))
        } else {
            credentials = LoginBody(uid: uid, password: try password.read(prompt: "Password for \(uid): "))
        }
        let answer = try await client.send("POST", IdentityAPIPath.login, json: credentials, as: TokenAnswer.self)
        let trust = try loginTrust.save(besideConfiguration: path)
        try ClientConfiguration(url: client.baseURL, uid: uid, token: answer.token, trust: trust).save(to: path)
        print("Logged in to \(client.baseURL) as \(uid) (token saved in \(path))")
    }
}
