import ArgumentParser

/// How a command that acts as a logged-in account finds its server and token: the configuration
/// `secrets login` saved, with an optional other URL. HTTPS connections accept what the login
/// chose to trust (`ca_file`, `insecure`).
struct SavedLoginOptions: ParsableArguments {
    @Option(help: "The server's base URL (default: the one `secrets login` saved).")
    var url: String?

    @Option(help: "The configuration file (default: $SECRETS_CONFIG or ~/.config/secrets/config.json).")
    var config: String?

    /// A client of the server, authenticated with the saved token.
    func client() throws -> SecretsClient {
        let saved = try ClientConfiguration.load(from: config ?? ClientConfiguration.defaultPath())
        return try SecretsClient(url: url ?? saved.url, token: saved.token, trust: saved.trust)
    }

    /// A client for calls anyone may make: the saved login's server and trust when there is one,
    /// else `--url` with the system's roots.
    func anonymousClient() throws -> SecretsClient {
        let path = config ?? ClientConfiguration.defaultPath()
        if let url, (try? ClientConfiguration.load(from: path)) == nil {
            return try SecretsClient(url: url, token: nil, trust: .system)
        }
        let saved = try ClientConfiguration.load(from: path)
        return try SecretsClient(url: url ?? saved.url, token: nil, trust: saved.trust)
    }
}
