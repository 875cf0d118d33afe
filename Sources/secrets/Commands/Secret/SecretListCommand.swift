import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets list [PATH]`: lists the secrets below a path, as `dcos security secrets list` does.
struct SecretListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the secrets below a path (the whole store without one).",
        discussion: "Prints one name a line, relative to PATH, sorted; folders are not listed on their own.")

    @Argument(help: "The folder to list; the whole store if omitted.", transform: NormalizedSecretPath.argument)
    var path: NormalizedSecretPath?

    @Flag(name: [.short, .long], help: "Print the names as a JSON array.")
    var json = false

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let names = try await server.client().send(
            "GET", SecretsAPIPath.list(path, store: store.storeID), as: ArrayAnswer<String>.self
        ).array
        if json {
            print(JSONValue.prettyText(try JSONEncoder().encode(names)))
        } else if !names.isEmpty {
            print(names.joined(separator: "\n"))
        }
    }
}
