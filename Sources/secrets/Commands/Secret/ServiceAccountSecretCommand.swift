import ArgumentParser
import SecretStoreWire

/// `secrets create-sa-secret SA_PRIVATE_KEY SA_UID SECRET_PATH`: stores a service account's login
/// credential as a text secret, as `dcos security secrets create-sa-secret` does.
struct ServiceAccountSecretCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-sa-secret", abstract: "Store a service account's login credential as a secret.",
        discussion: """
            The secret's value is the JSON {"login_endpoint", "private_key", "scheme": "RS256", "uid"} \
            that services read from DCOS_SERVICE_ACCOUNT_CREDENTIAL. The login endpoint is the server's \
            URL followed by \(IdentityAPIPath.login) unless --login-endpoint says otherwise.
            """)

    @Argument(help: "The service account's PEM RSA private key file.")
    var privateKeyFile: String

    @Argument(help: "The service account's uid.")
    var uid: String

    @Argument(help: "Where to store the credential, e.g. myservice/sa.", transform: NormalizedSecretPath.argument)
    var path: NormalizedSecretPath

    @Flag(help: "Refuse a login endpoint that is not https (strict security mode).")
    var strict = false

    @Option(
        name: .customLong("login-endpoint"),
        help: "The login URL services use (default: the server's URL + \(IdentityAPIPath.login)).")
    var loginEndpoint: String?

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let client = try server.client()
        let endpoint = loginEndpoint ?? ServiceAccountCredential.loginEndpoint(of: client.baseURL)
        if strict, !endpoint.lowercased().hasPrefix("https://") {
            throw CLIError("--strict needs an https login endpoint, not \(endpoint): give --login-endpoint")
        }
        let credential = try ServiceAccountCredential(uid: uid, keyFile: privateKeyFile, loginEndpoint: endpoint)
        let body = TextSecretBody(value: try credential.jsonText)
        try await client.exchange(
            "PUT", SecretsAPIPath.secret(path, store: store.storeID), body: try Payload.json(body))
        print("Created secret \(path) holding the credential of service account \(uid)")
    }
}
