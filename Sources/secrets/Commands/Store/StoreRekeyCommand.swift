import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets store rekey`: replaces the unseal key (contract §9). One operator starts a rekey with
/// the new shares' shape and keys; share holders enter current shares with the rekey's nonce, the
/// last one gets the new shares, each encrypted to its key. A bootstrap-mode store moves to the
/// new (custom) keys this way.
struct StoreRekeyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey", abstract: "Replace the unseal key: new shares, encrypted to new OpenPGP keys.",
        discussion: """
            Start with --shares, --threshold and one --pgp-key per new share (as for `store init`). \
            Then enter current shares until the current threshold: with the same command, or later \
            with --nonce NONCE, each share holder giving --private-key FILE (their OpenPGP secret key: \
            the CLI decrypts their shares locally), --key-file FILE or --key HEX (visible in the \
            process list). A bootstrap-mode store needs no share: --bootstrap-share lets the server use \
            its own. The last share prints the new shares, encrypted like those of `store init`; \
            `store shares` shows them too. Nothing changes until then: --cancel abandons the rekey. \
            Without options, shows the rekey in progress on this server.
            """)

    @Option(help: "How many new key shares to make.")
    var shares: Int?

    @Option(help: "How many new shares will unseal the store.")
    var threshold: Int?

    @Option(
        name: .customLong("pgp-key"),
        help: "A new share holder's OpenPGP public key file, one per new share in share order (repeatable).")
    var pgpKeys: [String] = []

    @Option(help: "The nonce of the rekey in progress, to enter shares towards it.")
    var nonce: String?

    @Option(name: .customLong("key"), help: "A current key share, decrypted, in hex (repeatable).")
    var keys: [String] = []

    @Option(name: .customLong("key-file"), help: "Read a current key share (hex) from this file (repeatable).")
    var keyFiles: [String] = []

    @Option(
        name: .customLong("private-key"),
        help: "Decrypt the current shares encrypted to the OpenPGP secret key in this file and enter them.")
    var privateKey: String?

    @Flag(name: .customLong("bootstrap-share"), help: "Bootstrap mode: let the server enter its own share.")
    var bootstrapShare = false

    @Flag(help: "Cancel the rekey in progress on this server.")
    var cancel = false

    @OptionGroup
    var options: StoreQueryOptions

    /// Whether the command starts a rekey.
    var starts: Bool { shares != nil || threshold != nil || !pgpKeys.isEmpty }

    /// Whether the command enters shares.
    var entersShares: Bool { !keys.isEmpty || !keyFiles.isEmpty || privateKey != nil || bootstrapShare }

    func validate() throws {
        if cancel {
            guard !starts, !entersShares, nonce == nil else {
                throw ValidationError("--cancel takes no other rekey option")
            }
            return
        }
        if starts {
            guard let shares, let threshold, shares >= 1, (1...shares).contains(threshold) else {
                throw ValidationError("a rekey needs --shares and --threshold, with 1 <= --threshold <= --shares")
            }
            guard pgpKeys.count == shares else {
                throw ValidationError("give one --pgp-key per new share: \(shares) share(s), \(pgpKeys.count) key(s)")
            }
            guard nonce == nil else { throw ValidationError("--nonce continues a rekey; it cannot start one") }
        } else if entersShares, nonce == nil {
            throw ValidationError("give --nonce NONCE of the rekey in progress (or start one with --shares ...)")
        }
        if nonce != nil, !entersShares {
            throw ValidationError("give the shares to enter: --private-key, --key-file, --key or --bootstrap-share")
        }
    }

    func run() async throws {
        let client = try options.server.client()
        let store = options.store.storeID
        let path = SecretsAPIPath.store(.rekey, store)
        if cancel {
            try await client.send("DELETE", path)
            print("Cancelled the rekey of store \(store) on this server; the unseal key is unchanged")
            return
        }
        var nonce = self.nonce
        if let shares, let threshold {
            let body = InitBody(
                shares: shares, threshold: threshold, pgpKeys: try pgpKeys.map(StoreInitCommand.encodedPublicKey))
            let started = try await client.send("PUT", path, json: body, as: RekeyStatusAnswer.self)
            nonce = started.nonce
            guard entersShares else {
                print(Self.pending(started.nonce, started.progress, started.required, store))
                return
            }
        }
        guard let nonce else {
            try await options.printAnswer("GET", { SecretsAPIPath.store(.rekey, $0) })
            return
        }
        let (last, answer) = try await enter(try await currentShares(client), nonce: nonce, client: client)
        if options.json {
            print(JSONValue.prettyText(last))
            return
        }
        guard let answer, let newShares = answer.newShares else {
            print(Self.pending(nonce, answer?.progress ?? 0, answer?.required ?? 0, store))
            return
        }
        print("Rekeyed store \(store): the old shares no longer unseal it. Each new share below is encrypted to")
        print("the key named above it; every other server instance seals itself and needs the new shares.")
        print(newShares.described)
    }

    /// The shares to enter: decrypted ones in hex, and `nil` for the server's own bootstrap share.
    private func currentShares(_ client: SecretsClient) async throws -> [String?] {
        var shares: [String?] = []
        if let privateKey {
            let answer = try await client.send(
                "GET", SecretsAPIPath.store(.initialization, options.store.storeID), as: InitAnswer.self)
            shares += try KeyShareDecryption.shares(in: answer, privateKeyFile: privateKey)
        }
        for file in keyFiles {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw CLIError("cannot read the key file \(file)")
            }
            shares.append(try Self.checkedShare(String(decoding: data, as: UTF8.self)))
        }
        shares += try keys.map(Self.checkedShare)
        if bootstrapShare { shares.append(nil) }
        return shares
    }

    /// Enters `shares` until the rekey completes; the last answer, raw and decoded.
    private func enter(
        _ shares: [String?], nonce: String, client: SecretsClient
    ) async throws -> (Data, RekeyUpdateAnswer?) {
        var last = Data()
        var answer: RekeyUpdateAnswer?
        for share in shares {
            last = try await client.send(
                "PUT", SecretsAPIPath.rekeyUpdate(options.store.storeID),
                json: RekeyUpdateBody(nonce: nonce, key: share))
            answer = try? JSONDecoder().decode(RekeyUpdateAnswer.self, from: last)
            if answer?.complete == true { break }
        }
        return (last, answer)
    }

    /// A share given as text, trimmed and checked to be hex.
    private static func checkedShare(_ text: String) throws -> String {
        let share = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !share.isEmpty, share.allSatisfy(\.isHexDigit) else {
            throw CLIError("a key share must be hex digits (a decrypted current share)")
        }
        return share
    }

    /// What to do next while the rekey waits for shares.
    private static func pending(_ nonce: String, _ progress: Int, _ required: Int, _ store: String) -> String {
        """
        Rekey of store \(store) in progress: \(progress) of \(required) current shares entered (nonce \(nonce)).
        Each share holder runs: secrets store rekey --nonce \(nonce) --private-key FILE
        """
    }
}
