import Foundation
import SecretStoreTesting
import Testing

/// `secrets store ...`: the built CLI against a real `secret-store` process in bootstrap mode on a
/// real ZooKeeper, unsealing with the server's own bootstrap key read from ZooKeeper.
@Suite("secrets CLI: store", .timeLimit(.minutes(3)))
struct SecretsCLIStoreTests {
    /// The JSON object a `-j` run printed.
    func json(_ run: CLITestServer.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: run.stdoutBytes) as? [String: Any], "\(run.stdout)")
    }

    /// `sealed` of `secrets store seal-status -j`.
    func isSealed(_ cli: CLITestServer) async throws -> Bool? {
        try json(try await cli.succeeded(["store", "seal-status", "-j"]))["sealed"] as? Bool
    }

    @Test func statusCommandsShowABootstrappedUnsealedStore() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let status = try json(try await cli.succeeded(["store", "seal-status", "-j"]))
            #expect(status["sealed"] as? Bool == false)
            #expect(status["initialized"] as? Bool == true)
            #expect(status["threshold"] as? Int == 1)
            #expect(status["shares"] as? Int == 1)
            #expect(status["progress"] as? Int == 0)
            let lines = try await cli.succeeded(["store", "seal-status"]).stdout.split(separator: "\n")
            #expect(lines.contains("sealed: false") && lines.contains("initialized: true"), "\(lines)")

            let shown = try await cli.succeeded(["store", "show"]).stdout.split(separator: "\n")
            #expect(shown.first == "default:", "\(shown)")
            #expect(shown.contains("    sealed: false"), "\(shown)")
            let backend = try json(try await cli.succeeded(["store", "status", "-j"]))
            #expect(backend["name"] as? String == "default")
            #expect(backend["initialized"] as? Bool == true)
            #expect(backend["sealed"] as? Bool == false)
            // Usage against the capacity budget (the defaults: 128 MiB and 100,000 secrets).
            try await cli.succeeded(["create", "app/usage", "-v", "counted"])
            let capacity = try json(try await cli.succeeded(["store", "status", "-j"]))["capacity"] as? [String: Any]
            #expect(capacity?["store_bytes_budget"] as? Int == 134_217_728)
            #expect(capacity?["secrets_budget"] as? Int == 100_000)
            #expect(capacity?["secrets"] as? Int == 1)
            #expect(((capacity?["store_bytes"] as? Int) ?? 0) > 0)
            let usage = try await cli.succeeded(["store", "status"]).stdout.split(separator: "\n")
            #expect(usage.contains("capacity:") && usage.contains("    secrets: 1"), "\(usage)")
            let all = try json(try await cli.succeeded(["store", "show", "-j"]))
            #expect((all["array"] as? [[String: Any]])?.map { $0["name"] as? String } == ["default"])

            // Another store id is the server's 404, reported with its message.
            let other = try await cli.secrets(["store", "seal-status", "-s", "other"])
            #expect(other.status == 1)
            #expect(other.stderr.hasPrefix("Error: the server answered 404"), "\(other.stderr)")
        }
    }

    @Test func sealThenUnsealWithTheBootstrapPrivateKey() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "app/pw", "-v", "kept"])
            // The key as the server keeps it (base64 of the armoured key), and armoured.
            let stored = try await cli.bootstrapKey()
            let armored = String(decoding: try #require(Data(base64Encoded: stored)), as: UTF8.self)
            #expect(armored.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----"))
            let base64File = try cli.file("bootstrap_user.key", stored)
            let armoredFile = try cli.file("bootstrap.sec.asc", armored)
            let share = try await cli.decryptedShare(armoredKey: armored)
            #expect(!share.isEmpty && share.allSatisfy(\.isHexDigit))
            let confidential = [share, stored, armored]

            #expect(try await cli.succeeded(["store", "seal"]).stdout == "Sealed store default\n")
            #expect(try await isSealed(cli) == true)
            let sealed = try await cli.secrets(["get", "app/pw"])
            #expect(sealed.status == 1)
            #expect(sealed.stderr.hasPrefix("Error: the server answered 503 SEALED"), "\(sealed.stderr)")

            // The whole manual procedure in one step, from the base64 file.
            let unsealed = try await cli.succeeded(
                ["store", "unseal", "--private-key", base64File], confidential: confidential)
            #expect(unsealed.stdout.split(separator: "\n").contains("sealed: false"), "\(unsealed.stdout)")
            #expect(try await isSealed(cli) == false)
            #expect(try await cli.succeeded(["get", "app/pw"]).stdout == "kept\n")

            // The armoured key works the same; -j prints the seal status as JSON.
            try await cli.succeeded(["store", "seal"])
            let fromArmored = try await cli.succeeded(
                ["store", "unseal", "--private-key", armoredFile, "-j"], confidential: confidential)
            #expect(try json(fromArmored)["sealed"] as? Bool == false)

            // A share decrypted by hand, on standard input or from a file.
            try await cli.succeeded(["store", "seal"])
            try await cli.succeeded(["store", "unseal", "-"], stdin: share + "\n", confidential: [share])
            #expect(try await isSealed(cli) == false)
            try await cli.succeeded(["store", "seal"])
            let shareFile = try cli.file("share.txt", share + "\n")
            try await cli.succeeded(["store", "unseal", "--key-file", shareFile], confidential: [share])
            #expect(try await isSealed(cli) == false)
        }
    }

    @Test func wrongKeysAreRefusedAndTheStoreStaysSealed() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["store", "seal"])

            // A secret key no share is encrypted to: the CLI says so and sends nothing.
            let stranger = GPGFixtures.directory.appendingPathComponent("stranger.sec.asc").path
            let notMine = try await cli.secrets(["store", "unseal", "--private-key", stranger])
            #expect(notMine.status == 1)
            #expect(notMine.stderr.contains("no key share is encrypted to the key"), "\(notMine.stderr)")
            // A public key cannot decrypt anything.
            let publicKey = GPGFixtures.directory.appendingPathComponent("operator.pub.asc").path
            #expect(try await cli.secrets(["store", "unseal", "--private-key", publicKey]).status == 1)

            // A wrong share: the server's 400 and message.
            let wrong = String(repeating: "ab", count: 32)
            let refused = try await cli.secrets(
                ["store", "unseal", "--key-file", try cli.file("wrong.txt", wrong)], secrets: [wrong])
            #expect(refused.status == 1)
            #expect(refused.stderr.hasPrefix("Error: the server answered 400 INVALID_UNSEAL_KEY"), "\(refused.stderr)")
            // Not hex, and no key at all.
            #expect(try await cli.secrets(["store", "unseal", "-"], stdin: "not hex\n").status == 1)
            #expect(try await cli.secrets(["store", "unseal"]).status == 64)
            #expect(try await isSealed(cli) == true)

            // Bootstrap mode: the server unseals itself on request.
            let auto = try json(try await cli.succeeded(["store", "auto-unseal", "-j"]))
            #expect(auto["sealed"] as? Bool == false)
            #expect(try await isSealed(cli) == false)
        }
    }

    @Test func rotateStartsANewKeyTermAndOldSecretsStayReadable() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "before", "-v", "old term"])
            let before = try #require(try json(try await cli.succeeded(["store", "key-status", "-j"]))["term"] as? Int)
            #expect(try await cli.succeeded(["store", "rotate"]).stdout == "Rotated the data key of store default\n")
            let after = try json(try await cli.succeeded(["store", "key-status", "-j"]))
            #expect(after["term"] as? Int == before + 1)
            #expect(after["install_time"] != nil && after["encryptions"] != nil)
            #expect(try await cli.succeeded(["store", "key-status"]).stdout.contains("term: \(before + 1)"))
            #expect(try await cli.succeeded(["get", "before"]).stdout == "old term\n")
        }
    }

    @Test func sharesAndInitOfAnInitializedStore() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let shares = try json(try await cli.succeeded(["store", "shares", "-j"]))
            #expect(shares["initialized"] as? Bool == true)
            let fingerprints = try #require(shares["pgp_fingerprints"] as? [String])
            #expect(fingerprints.count == 1)
            #expect(fingerprints.allSatisfy { $0.count == 40 && $0 == $0.uppercased() })
            #expect((shares["keys"] as? [String])?.count == 1)
            let text = try await cli.succeeded(["store", "shares"]).stdout
            #expect(text.contains("encrypted to \(fingerprints[0])"), "\(text)")

            // One key per share is checked locally (usage error); the server refuses a second init.
            let operatorKey = GPGFixtures.directory.appendingPathComponent("operator.pub.asc").path
            let mismatch = try await cli.secrets(["store", "init", "--shares", "2", "--pgp-key", operatorKey])
            #expect(mismatch.status == 64)
            let again = try await cli.secrets(["store", "init", "--pgp-key", operatorKey])
            #expect(again.status == 1)
            #expect(again.stderr.hasPrefix("Error: the server answered 409"), "\(again.stderr)")
        }
    }
}
