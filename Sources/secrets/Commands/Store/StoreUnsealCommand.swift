import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets store unseal`: sends key shares to `PUT /unseal` until the store is unsealed, either a
/// share the operator decrypted already or, with `--private-key`, every share the operator's
/// OpenPGP key decrypts (fetched from `GET /init` and decrypted locally).
struct StoreUnsealCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unseal", abstract: "Unseal the store with key shares.",
        discussion: """
            With --private-key FILE (an OpenPGP secret key, armoured, binary or base64 of either) the \
            CLI fetches the encrypted shares from the server, decrypts the ones encrypted to that key \
            with gpg in a private home, and sends them: the whole manual procedure in one step. \
            Otherwise give one decrypted share in hex, with --key-file FILE, as KEY, or as - to read it \
            from standard input. A KEY argument is visible to other users in the process list: prefer \
            --key-file or -. Neither the key nor a share is ever printed.
            """)

    @Argument(help: "A decrypted key share in hex, or - to read it from standard input.")
    var key: String?

    @Option(name: .customLong("key-file"), help: "Read the decrypted key share (hex) from this file.")
    var keyFile: String?

    @Option(
        name: .customLong("private-key"),
        help: "Decrypt this operator's shares with the OpenPGP secret key in this file and send them.")
    var privateKey: String?

    @OptionGroup
    var options: StoreQueryOptions

    func validate() throws {
        guard [key != nil, keyFile != nil, privateKey != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of KEY (or - for standard input), --key-file and --private-key")
        }
    }

    func run() async throws {
        let client = try options.server.client()
        let shares: [String]
        if let privateKey {
            let answer = try await client.send(
                "GET", SecretsAPIPath.store(.initialization, options.store.storeID), as: InitAnswer.self)
            shares = try KeyShareDecryption.shares(in: answer, privateKeyFile: privateKey)
        } else {
            shares = [try readShare()]
        }
        var status = Data()
        for share in shares {
            status = try await client.exchange(
                "PUT", SecretsAPIPath.store(.unseal, options.store.storeID),
                body: try Payload.json(UnsealBody(key: share, reset: false))
            ).bytes
            // An operator holding several shares stops sending them once the store is unsealed.
            if (try? JSONDecoder().decode(SealStatusAnswer.self, from: status))?.sealed == false { break }
        }
        print(JSONValue.rendered(status, json: options.json))
    }

    /// The one share given by argument, file or standard input, trimmed and checked to be hex.
    private func readShare() throws -> String {
        let text: String
        if let keyFile {
            guard let data = FileManager.default.contents(atPath: keyFile) else {
                throw CLIError("cannot read the key file \(keyFile)")
            }
            text = String(decoding: data, as: UTF8.self)
        } else if key == "-" {
            guard let line = readLine(strippingNewline: true) else { throw CLIError("no key on standard input") }
            text = line
        } else {
            text = key ?? ""
        }
        let share = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !share.isEmpty, share.allSatisfy(\.isHexDigit) else {
            throw CLIError("the unseal key must be hex digits (a decrypted key share)")
        }
        return share
    }
}
