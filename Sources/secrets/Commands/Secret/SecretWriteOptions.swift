import ArgumentParser
import SecretStoreWire

/// What `secrets create` and `secrets update` take: the path, the value, the store and the server.
struct SecretWriteOptions: ParsableArguments {
    @Argument(help: "The secret's path, e.g. myapp/db/password.", transform: NormalizedSecretPath.argument)
    var path: NormalizedSecretPath

    @OptionGroup(title: "Value")
    var value: SecretValueOptions

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    /// Sends the value to the secret's path with `method` (`PUT` creates, `PATCH` replaces).
    func send(_ method: String) async throws {
        let client = try server.client()
        try await client.exchange(method, SecretsAPIPath.secret(path, store: store.storeID), body: try value.payload())
    }
}
