import ArgumentParser

/// How a command that acts as a logged-in account finds its server and token: the configuration
/// `secrets login` saved, with an optional other URL.
struct SavedLoginOptions: ParsableArguments {
    @Option(help: "The server's base URL (default: the one `secrets login` saved).")
    var url: String?

    @Option(help: "The configuration file (default: $SECRETS_CONFIG or ~/.config/secrets/config.json).")
    var config: String?

    /// A client of the server, authenticated with the saved token.
    func client() throws -> SecretsClient {
        let saved = try ClientConfiguration.load(from: config ?? ClientConfiguration.defaultPath())
        return try SecretsClient(url: url ?? saved.url, token: saved.token)
    }
}
