import ArgumentParser
import SecretStoreWire

/// `secrets delete PATH`: deletes one secret, as `dcos security secrets delete` does.
struct SecretDeleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a secret.",
        discussion: "Deletes the secret at PATH only: the secrets below it, if any, stay.")

    @Argument(help: "The secret's path.", transform: NormalizedSecretPath.argument)
    var path: NormalizedSecretPath

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        try await server.client().exchange("DELETE", SecretsAPIPath.secret(path, store: store.storeID))
        print("Deleted secret \(path)")
    }
}
