import ArgumentParser
import SecretStoreWire

/// `secrets store restore FILE`: restores a backup into a store whose root is empty (never
/// initialised, no secret). The store is sealed afterwards: unseal it with the backup's shares.
struct StoreRestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restore a backup file into an empty store.",
        discussion: """
            Only into a store that was never initialised and holds no secret. The whole file is checked \
            before anything is written. Afterwards the store is sealed: unseal it with the backup's \
            shares (`secrets store unseal`), or `secrets store auto-unseal` for a bootstrap-mode backup.
            """)

    @Argument(help: "The backup file.")
    var file: String

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let client = try server.client()
        try await client.upload(SecretsAPIPath.store(.restore, store.storeID), file: file)
        print("Restored \(file) into store \(store.storeID): it is sealed until unsealed with the backup's shares")
    }
}
