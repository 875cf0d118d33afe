import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets store init`: initializes a store that has no master key yet (custom key mode), splitting
/// the key into shares each encrypted to an operator's OpenPGP public key.
struct StoreInitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Initialize the store with the operators' OpenPGP public keys.",
        discussion: """
            Give one --pgp-key per share (an armoured or binary OpenPGP public key, or `gpg --export \
            KEYID | base64 -w 0` of one). The server answers with each share encrypted to its key: \
            every operator decrypts theirs and unseals with `secrets store unseal`. Fails if the store \
            is initialized already.
            """)

    @Option(help: "How many key shares to make.")
    var shares = 1

    @Option(help: "How many shares unseal the store.")
    var threshold = 1

    @Option(
        name: .customLong("pgp-key"),
        help: "An operator's OpenPGP public key file, one per share in share order (repeatable).")
    var pgpKeys: [String] = []

    @OptionGroup
    var options: StoreQueryOptions

    func validate() throws {
        guard shares >= 1, (1...shares).contains(threshold) else {
            throw ValidationError("need 1 <= --threshold <= --shares")
        }
        guard pgpKeys.count == shares else {
            throw ValidationError("give one --pgp-key per share: \(shares) share(s), \(pgpKeys.count) key(s)")
        }
    }

    func run() async throws {
        let client = try options.server.client()
        let body = InitBody(
            shares: shares, threshold: threshold, pgpKeys: try pgpKeys.map(Self.encodedPublicKey))
        let answer = try await client.send(
            "PUT", SecretsAPIPath.store(.initialization, options.store.storeID), json: body)
        if options.json {
            print(JSONValue.prettyText(answer))
            return
        }
        guard let shares = try? JSONDecoder().decode(InitAnswer.self, from: answer) else {
            throw CLIError("unexpected answer from \(client.baseURL) to PUT /init")
        }
        print("Initialized store \(options.store.storeID); each share below is encrypted to the key named above it")
        print(shares.described)
    }

    /// A `pgp_keys` entry (wire contract, section 3): an armoured key as it is, a file that is
    /// base64 already (`gpg --export KEYID | base64 -w 0`) as it is, a binary key in base64.
    static func encodedPublicKey(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path), !data.isEmpty else {
            throw CLIError("cannot read the public key file \(path)")
        }
        if let text = String(data: data, encoding: .utf8) {
            if text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----") { return text }
            let compact = text.filter { !$0.isWhitespace }
            if !compact.isEmpty, Data(base64Encoded: compact) != nil { return compact }
        }
        return data.base64EncodedString()
    }
}
