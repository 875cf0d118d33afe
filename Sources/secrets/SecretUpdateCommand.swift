import ArgumentParser

/// `secrets update PATH`: replaces the value of an existing secret, as `dcos security secrets
/// update` does.
struct SecretUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Update the value of a secret.",
        discussion: """
            Give the new value with exactly one of -v (text), -t (a UTF-8 text file, kept exactly) and \
            -f (a file's raw bytes, stored as a binary secret). Fails if there is no secret at the path.
            """)

    @Argument(help: "The secret's path.", transform: SecretPath.init)
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
            "PATCH", SecretsAPIPath.secret(path, store: store.storeID), body: try value.payload())
        print("Updated secret \(path)")
    }
}
