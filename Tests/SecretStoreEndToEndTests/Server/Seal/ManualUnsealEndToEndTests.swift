import Foundation
import SecretStoreTesting
import Testing

/// A bootstrap-mode store sealed by an operator and unsealed by hand with the gpg command line,
/// exactly as the operations guide says, over real sockets against a real ZooKeeper (contract §3).
@Suite("Seal: manual unseal with the gpg CLI", .timeLimit(.minutes(3)))
struct ManualUnsealEndToEndTests {
    @Test func anOperatorUnsealsWithTheBootstrapKeyAndTheGPGCommandLine() async throws {
        try await SealTestRoot.with { root in
            let client = try await root.startUnsealed()
            try await client.create("ops/db-password", "correct horse")

            let sealed = try await client.send("PUT", "/seal/default")
            #expect(sealed.status == 204, "\(sealed.text)")
            #expect(sealed.body.isEmpty)
            #expect(try await client.sealStatus()["sealed"] as? Bool == true)
            SealClient.expectError(try await client.send("GET", "/secret/default/ops/db-password"), 503, "SEALED")

            // What `GET /init` hands the operator.
            let initAnswer = try await client.send("GET", "/init/default")
            #expect(initAnswer.status == 200, "\(initAnswer.text)")
            #expect(initAnswer.headers["content-type"] == "application/json")
            let initialization = initAnswer.json
            #expect(initialization["initialized"] as? Bool == true)
            #expect(initialization["shares"] as? Int == 1)
            #expect(initialization["threshold"] as? Int == 1)
            let keys = try #require(initialization["keys"] as? [String])
            let keysBase64 = try #require(initialization["keys_base64"] as? [String])
            let fingerprints = try #require(initialization["pgp_fingerprints"] as? [String])
            #expect(keys.count == 1 && keysBase64.count == 1)
            let message = try #require(HexText.decode(keys[0]))
            #expect(keys[0] == keys[0].lowercased())
            #expect(Data(base64Encoded: keysBase64[0]).map(Array.init) == message)
            #expect(fingerprints.count == 1)
            let fingerprint = try #require(fingerprints.first)
            #expect(fingerprint.count == 40 && fingerprint.allSatisfy(\.isHexDigit), "\(fingerprint)")

            // The bootstrap key pair, straight from ZooKeeper.
            let stored = try #require(try await root.storedValue("keys/bootstrap_user.key"))
            let storedText = String(decoding: stored, as: UTF8.self)
            let armored = try #require(Data(base64Encoded: storedText).map { String(decoding: $0, as: UTF8.self) })
            #expect(armored.hasPrefix("-----BEGIN PGP PRIVATE KEY BLOCK-----"))

            let share = try await OperatorShell.with { shell in
                let keyFile = try shell.file("bootstrap_user.asc", Array(armored.utf8))
                let imported = try await shell.run("\(shell.gpg) --import '\(keyFile)'")
                #expect(imported.status == 0, "\(imported.stderr)")
                let listed = try await shell.run("\(shell.gpg) --with-colons --list-secret-keys")
                #expect(
                    listed.stdout.uppercased().contains("FPR:::::::::\(fingerprint.uppercased()):"), "\(listed.stdout)")
                let decrypted = try await shell.run(
                    "echo \(keys[0]) | xxd -r -p | \(shell.gpg) --pinentry-mode loopback -d")
                #expect(decrypted.status == 0, "\(decrypted.stderr)")
                return decrypted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(share.count == 66 && share == share.lowercased() && HexText.decode(share) != nil, "share form")

            let unsealed = try await client.send("PUT", "/unseal/default", json: ["key": share])
            #expect(unsealed.status == 200, "\(unsealed.text)")
            #expect(unsealed.headers["content-type"] == "application/json")
            #expect(unsealed.json["sealed"] as? Bool == false)
            #expect(unsealed.json["progress"] as? Int == 0)
            #expect(unsealed.json["initialized"] as? Bool == true)
            #expect(try await client.value("ops/db-password") == "correct horse")
            // The intent to stay sealed is gone: a restart would unseal by itself.
            #expect(try await root.storedValue("keys/intended-seal") == nil)

            // Nothing of the key material reached the debug log.
            let material = [
                ("the unseal share", share), ("the share's key bytes", String(share.dropFirst(2).prefix(16))),
            ]
            client.expectLogHoldsNone(material + bootstrapKeyMaterial(stored: storedText))
            #expect(client.server.log.contains("Sealed by an operator"))
        }
    }

    @Test func aWrongOrMalformedShareLeavesTheStoreSealed() async throws {
        try await SealTestRoot.with { root in
            let client = try await root.startUnsealed()
            #expect(try await client.send("PUT", "/seal/default").status == 204)
            let wrong = HexText.randomShare()
            SealClient.expectError(
                try await client.send("PUT", "/unseal/default", json: ["key": wrong]), 400, "INVALID_UNSEAL_KEY")
            SealClient.expectError(
                try await client.send("PUT", "/unseal/default", json: ["key": "not hex"]), 400, "INVALID_UNSEAL_KEY")
            SealClient.expectError(try await client.send("PUT", "/unseal/default", json: [:]), 400, "BAD_REQUEST")
            let status = try await client.sealStatus()
            #expect(status["sealed"] as? Bool == true)
            #expect(status["progress"] as? Int == 0)
            client.expectLogHoldsNone([("the wrong share", wrong)])
            // Sealing twice is fine, and auto-unseal opens it again.
            #expect(try await client.send("PUT", "/seal/default").status == 204)
            let auto = try await client.send("PUT", "/auto-unseal/default", json: ["ignored": true])
            #expect(auto.status == 200, "\(auto.text)")
            #expect(auto.json["sealed"] as? Bool == false)
        }
    }
}
