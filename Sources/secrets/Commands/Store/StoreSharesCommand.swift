import ArgumentParser
import SecretStoreWire

/// `secrets store shares`: shows the encrypted key shares of `GET /init`, for operators who
/// decrypt theirs by hand (`echo SHARE | xxd -r -p | gpg -d`).
struct StoreSharesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shares", abstract: "Show the encrypted key shares and the keys they are encrypted to.",
        discussion: """
            Each share is the hex of an OpenPGP message: `echo SHARE | xxd -r -p | gpg -d` prints the \
            key to give `secrets store unseal`; `secrets store unseal --private-key FILE` does all of it.
            """)

    @OptionGroup
    var options: StoreQueryOptions

    func run() async throws {
        let client = try options.server.client()
        let path = SecretsAPIPath.store(.initialization, options.store.storeID)
        if options.json {
            print(JSONValue.prettyText(try await client.send("GET", path)))
        } else {
            print(try await client.send("GET", path, as: InitAnswer.self).described)
        }
    }
}
