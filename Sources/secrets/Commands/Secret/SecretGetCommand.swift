import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets get PATH`: prints a secret's value, as `dcos security secrets get` does.
struct SecretGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Print the value of a secret.",
        discussion: """
            A text secret's value is printed followed by a newline; a binary secret's bytes are written \
            to standard output exactly as stored (redirect them to a file). With -j, the text secret's \
            JSON (value, author, created, description, labels) is printed; binary secrets have none.
            """)

    @Argument(help: "The secret's path.", transform: NormalizedSecretPath.argument)
    var path: NormalizedSecretPath

    @Flag(name: [.short, .long], help: "Print the secret's JSON.")
    var json = false

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let client = try server.client()
        // */* lets the server answer in the stored format: JSON for text, raw bytes for binary.
        let answer = try await client.exchange(
            "GET", SecretsAPIPath.secret(path, store: store.storeID), accept: json ? Payload.jsonType : "*/*")
        if answer.isOctetStream {
            guard !json else { throw CLIError("\(path) is a binary secret: it has no JSON form") }
            try FileHandle.standardOutput.write(contentsOf: answer.bytes)
        } else if json {
            print(JSONValue.prettyText(answer.bytes))
        } else {
            guard let secret = try? JSONDecoder().decode(TextSecretAnswer.self, from: answer.bytes) else {
                throw CLIError("unexpected answer from \(client.baseURL) to GET \(path)")
            }
            print(secret.value)
        }
    }
}
