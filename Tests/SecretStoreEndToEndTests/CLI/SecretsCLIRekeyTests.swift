import Foundation
import SecretStoreTesting
import Testing

/// `secrets store rekey` against a real bootstrap-mode server: the move to operators' keys, a
/// second rekey with an operator's private key decrypting locally, cancel, and refused usages.
@Suite("secrets CLI: store rekey", .timeLimit(.minutes(3)))
struct SecretsCLIRekeyTests {
    static func fixture(_ name: String) -> String { GPGFixtures.directory.appendingPathComponent(name).path }

    /// The JSON object a `-j` run printed.
    func json(_ run: CLITestServer.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: run.stdoutBytes) as? [String: Any], "\(run.stdout)")
    }

    @Test func aBootstrapStoreMovesToOperatorsKeysThenRekeysWithAPrivateKey() async throws {
        let (operatorKey, strangerKey) = (Self.fixture("operator.pub.asc"), Self.fixture("stranger.pub.asc"))
        let (operatorSecret, strangerSecret) = (Self.fixture("operator.sec.asc"), Self.fixture("stranger.sec.asc"))
        let (operatorFPR, strangerFPR) = (
            try GPGFixtures.fingerprint("operator"), try GPGFixtures.fingerprint("stranger")
        )
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "app/pw", "-v", "kept"])

            // Started without shares: it says what comes next; then cancelled.
            let pending = try await cli.succeeded(
                ["store", "rekey", "--shares", "1", "--threshold", "1", "--pgp-key", operatorKey])
            #expect(pending.stdout.contains("0 of 1 current shares entered"), "\(pending.stdout)")
            #expect(pending.stdout.contains("secrets store rekey --nonce "), "\(pending.stdout)")
            let status = try json(try await cli.succeeded(["store", "rekey", "-j"]))
            #expect(status["started"] as? Bool == true && status["required"] as? Int == 1, "\(status)")
            let nonce = try #require(status["nonce"] as? String)
            #expect(pending.stdout.contains(nonce))
            #expect(try await cli.succeeded(["store", "rekey", "--cancel"]).stdout.hasPrefix("Cancelled the rekey"))
            #expect(try json(try await cli.succeeded(["store", "rekey", "-j"]))["started"] as? Bool == false)

            // Bootstrap to the operators' keys in one step: the server enters its own share.
            let moved = try await cli.succeeded([
                "store", "rekey", "--shares", "2", "--threshold", "1", "--pgp-key", operatorKey, "--pgp-key",
                strangerKey, "--bootstrap-share",
            ])
            #expect(moved.stdout.hasPrefix("Rekeyed store default"), "\(moved.stdout)")
            #expect(moved.stdout.contains("share 1, encrypted to \(operatorFPR):"), "\(moved.stdout)")
            #expect(moved.stdout.contains("share 2, encrypted to \(strangerFPR):"), "\(moved.stdout)")
            #expect(try await cli.secrets(["store", "auto-unseal"]).status == 1)
            try await cli.succeeded(["store", "seal"])
            try await cli.succeeded(["store", "unseal", "--private-key", operatorSecret])
            #expect(try await cli.succeeded(["get", "app/pw"]).stdout == "kept\n")

            // The operator hands over to the stranger, decrypting the current share locally.
            let handedOver = try await cli.succeeded([
                "store", "rekey", "--shares", "1", "--threshold", "1", "--pgp-key", strangerKey, "--private-key",
                operatorSecret, "-j",
            ])
            let answer = try json(handedOver)
            #expect(answer["complete"] as? Bool == true && answer["pgp_fingerprints"] as? [String] == [strangerFPR])
            try await cli.succeeded(["store", "seal"])
            let refused = try await cli.secrets(["store", "unseal", "--private-key", operatorSecret])
            #expect(refused.status == 1 && refused.stderr.contains("no key share is encrypted to the key"))
            try await cli.succeeded(["store", "unseal", "--private-key", strangerSecret])
            #expect(try await cli.succeeded(["get", "app/pw"]).stdout == "kept\n")
        }
    }

    @Test func wrongUsesAreRefused() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let key = Self.fixture("operator.pub.asc")
            for arguments in [
                ["store", "rekey", "--shares", "2", "--threshold", "1", "--pgp-key", key],
                ["store", "rekey", "--shares", "1", "--threshold", "2", "--pgp-key", key],
                ["store", "rekey", "--key", "ab"],
                ["store", "rekey", "--nonce", "n"],
                ["store", "rekey", "--cancel", "--nonce", "n"],
            ] {
                #expect(try await cli.secrets(arguments).status == 64, "\(arguments)")
            }
            let wrongNonce = try await cli.secrets(["store", "rekey", "--nonce", "nope", "--bootstrap-share"])
            #expect(wrongNonce.status == 1)
            #expect(wrongNonce.stderr.hasPrefix("Error: the server answered 400 BAD_REQUEST"), "\(wrongNonce.stderr)")
        }
    }
}
