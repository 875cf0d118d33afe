import ArgumentParser

/// `secrets create PATH`: stores a new secret, as `dcos security secrets create` does.
struct SecretCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a secret.",
        discussion: """
            Give the value with exactly one of -v (text), -t (a UTF-8 text file, kept exactly) and -f \
            (a file's raw bytes, stored as a binary secret). Fails if the path holds a secret already: \
            use `secrets update` to change it.
            """)

    @Argument(help: "The secret's path, e.g. myapp/db/password.", transform: SecretPath.init)
    var path: SecretPath

    @OptionGroup(title: "Value")
    var value: SecretValueOptions

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let client = try server.client()
        try await client.exchange(
            "PUT", SecretsAPIPath.secret(path, store: store.storeID), body: try value.payload())
        print("Created secret \(path)")
    }
}
