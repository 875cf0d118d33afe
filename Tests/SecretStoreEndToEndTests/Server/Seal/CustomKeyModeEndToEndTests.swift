import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// Custom-key mode: operators' OpenPGP keys, Shamir shares, a threshold, over real sockets
/// against a real ZooKeeper and real gpg (contract §3).
@Suite("Seal: custom-key mode", .timeLimit(.minutes(3)))
struct CustomKeyModeEndToEndTests {
    static let arguments = ["--unseal-mode", "custom"]

    /// The `pgp_keys` of a 3-share store: the operator's key in `gpg --export | base64 -w 0` form,
    /// the stranger's the same way, the operator's again ASCII-armoured.
    static func pgpKeys(_ context: GPGContext) throws -> [String] {
        let stranger = try context.importKey(Array(try GPGFixtures.text("stranger.pub.asc").utf8))
        let strangerBinary = try context.exportPublicKey(fingerprint: try #require(stranger.first), armored: false)
        return [
            try GPGFixtures.text("operator.pub.b64").trimmingCharacters(in: .whitespacesAndNewlines),
            Data(strangerBinary).base64EncodedString(), try GPGFixtures.text("operator.pub.asc"),
        ]
    }

    @Test func threeSharesThresholdTwoUnsealAndSurviveARestartSealed() async throws {
        let context = try GPGContext()
        defer { context.close() }
        let pgpKeys = try Self.pgpKeys(context)
        try await SealTestRoot.with(arguments: Self.arguments) { root in
            let client = try await SealClient(server: try await root.start(), password: root.password)
            let fresh = try await client.sealStatus()
            #expect(fresh["initialized"] as? Bool == false && fresh["sealed"] as? Bool == true, "\(fresh)")
            #expect(fresh["shares"] as? Int == 0 && fresh["threshold"] as? Int == 0 && fresh["progress"] as? Int == 0)
            SealClient.expectError(try await client.send("GET", "/secret/default/a"), 503, "SEALED")
            SealClient.expectError(
                try await client.send("PUT", "/secret/default/a", json: ["value": "v"]), 503, "SEALED")
            SealClient.expectError(try await client.send("GET", "/secret/default?list=true"), 503, "SEALED")
            #expect(try await client.send("GET", "/init/default").json["initialized"] as? Bool == false)

            let body: [String: Any] = ["shares": 3, "threshold": 2, "pgp_keys": pgpKeys]
            let initialized = try await client.send("PUT", "/init/default", json: body)
            #expect(initialized.status == 200, "\(initialized.text)")
            let keys = try #require(initialized.json["keys"] as? [String])
            #expect(keys.count == 3)
            #expect((initialized.json["keys_base64"] as? [String])?.count == 3)
            let (operatorFPR, strangerFPR) = (
                try GPGFixtures.fingerprint("operator"), try GPGFixtures.fingerprint("stranger")
            )
            #expect(initialized.json["pgp_fingerprints"] as? [String] == [operatorFPR, strangerFPR, operatorFPR])
            #expect(initialized.json["shares"] as? Int == 3 && initialized.json["threshold"] as? Int == 2)
            #expect(try await client.send("GET", "/init/default").json["keys"] as? [String] == keys)
            SealClient.expectError(try await client.send("PUT", "/init/default", json: body), 409, "ALREADY_EXISTS")
            let afterInit = try await client.sealStatus()
            #expect(afterInit["initialized"] as? Bool == true && afterInit["sealed"] as? Bool == true)
            #expect(afterInit["shares"] as? Int == 3 && afterInit["threshold"] as? Int == 2)

            // The operators decrypt their shares with their own secret keys.
            for name in ["operator", "stranger"] {
                _ = try context.importKey(Array(try GPGFixtures.text("\(name).sec.asc").utf8))
            }
            let shares = try keys.map { key in
                String(decoding: try context.decrypt(try #require(HexText.decode(key))), as: UTF8.self)
            }
            #expect(Set(shares).count == 3 && shares.allSatisfy { $0.count == 66 })

            func unseal(_ json: [String: Any]) async throws -> HTTPExchange {
                try await client.send("PUT", "/unseal/default", json: json)
            }
            func progress() async throws -> Int? { try await client.sealStatus()["progress"] as? Int }
            let first = try await unseal(["key": shares[0]])
            #expect(first.status == 200, "\(first.text)")
            #expect(first.json["progress"] as? Int == 1 && first.json["sealed"] as? Bool == true)
            let wrong = HexText.randomShare()
            SealClient.expectError(try await unseal(["key": wrong]), 400, "INVALID_UNSEAL_KEY")
            #expect(try await progress() == 1)
            SealClient.expectError(try await unseal(["key": shares[0]]), 400, "INVALID_UNSEAL_KEY")
            #expect(try await progress() == 1)
            let reset = try await unseal(["reset": true])
            #expect(reset.status == 200, "\(reset.text)")
            #expect(reset.json["progress"] as? Int == 0 && reset.json["sealed"] as? Bool == true)
            #expect(try await progress() == 0)
            #expect(try await unseal(["key": shares[0]]).json["progress"] as? Int == 1)
            let opened = try await unseal(["key": shares[2].uppercased() + "\n"])
            #expect(opened.status == 200, "\(opened.text)")
            #expect(opened.json["sealed"] as? Bool == false && opened.json["progress"] as? Int == 0)

            try await client.create("team/token", "s3cr3t")
            #expect(try await client.value("team/token") == "s3cr3t")
            SealClient.expectError(try await client.send("PUT", "/auto-unseal/default"), 400, "BAD_REQUEST")
            #expect(try await client.sealStatus()["sealed"] as? Bool == false)

            // A restart of a custom-mode store is sealed until its shares come again.
            #expect(await client.server.terminate() == 0)
            let again = try await SealClient(server: try await root.start(), password: root.password)
            try await Task.sleep(for: .seconds(2))
            let restarted = try await again.sealStatus()
            #expect(restarted["sealed"] as? Bool == true && restarted["initialized"] as? Bool == true, "\(restarted)")
            SealClient.expectError(try await again.send("GET", "/secret/default/team/token"), 503, "SEALED")
            SealClient.expectError(try await again.send("PUT", "/auto-unseal/default"), 400, "BAD_REQUEST")
            _ = try await again.send("PUT", "/unseal/default", json: ["key": shares[1]])
            let reopened = try await again.send("PUT", "/unseal/default", json: ["key": shares[2]])
            #expect(reopened.json["sealed"] as? Bool == false, "\(reopened.text)")
            #expect(try await again.value("team/token") == "s3cr3t")

            let material =
                shares.map { ("a share", $0) }
                + shares.map { ("a share's key bytes", String($0.dropFirst(2).prefix(16))) }
            for server in [client, again] { server.expectLogHoldsNone(material + [("the wrong share", wrong)]) }
        }
    }

    @Test func initRejectsImpossibleShapesAndUnusableKeys() async throws {
        let context = try GPGContext()
        defer { context.close() }
        let keys = try Self.pgpKeys(context)
        let secretKey = try GPGFixtures.text("operator.sec.asc")
        let signingOnly = try GPGFixtures.text("signing-only.pub.asc")
        let cases: [(String, Int, Int, [String])] = [
            ("no shares", 0, 0, []),
            ("11 shares", 11, 2, Array(repeating: keys[0], count: 11)),
            ("threshold 0", 3, 0, keys),
            ("threshold above shares", 3, 4, keys),
            ("fewer keys than shares", 3, 2, Array(keys.prefix(2))),
            ("more keys than shares", 2, 2, keys),
            ("a garbage key", 1, 1, [Data("not a key at all".utf8).base64EncodedString()]),
            (
                "a garbage armour", 1, 1,
                ["-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n-----END PGP PUBLIC KEY BLOCK-----\n"]
            ),
            ("a secret key", 1, 1, [secretKey]),
            ("a base64 secret key", 1, 1, [Data(secretKey.utf8).base64EncodedString()]),
            ("a signing-only key", 1, 1, [signingOnly]),
        ]
        try await SealTestRoot.with(arguments: Self.arguments) { root in
            let client = try await SealClient(server: try await root.start(), password: root.password)
            SealClient.expectError(
                try await client.send("PUT", "/unseal/default", json: ["key": HexText.randomShare()]), 400,
                "BAD_REQUEST")
            for (label, shares, threshold, pgpKeys) in cases {
                let answer = try await client.send(
                    "PUT", "/init/default", json: ["shares": shares, "threshold": threshold, "pgp_keys": pgpKeys])
                #expect(answer.status == 400, "\(label): \(answer.status) \(answer.text)")
                #expect(answer.json["code"] as? String == "BAD_REQUEST", "\(label): \(answer.text)")
                #expect(!answer.text.contains("PRIVATE KEY"), "\(label)")
            }
            SealClient.expectError(
                try await client.send("PUT", "/init/default", json: ["shares": "three"]), 400, "BAD_REQUEST")
            let status = try await client.sealStatus()
            #expect(status["initialized"] as? Bool == false, "a rejected init initialised the store: \(status)")
            #expect(try await root.storedValue("keys/seal-configuration") == nil)
            // After all that, a valid init of one share still works.
            let single = try await client.send(
                "PUT", "/init/default", json: ["shares": 1, "threshold": 1, "pgp_keys": [keys[2]]])
            #expect(single.status == 200, "\(single.text)")
        }
    }
}
