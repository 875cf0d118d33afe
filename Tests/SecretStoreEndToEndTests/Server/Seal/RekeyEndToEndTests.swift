import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// Rekey (contract §9) over real sockets, real gpg and a real ZooKeeper: the shares change, the
/// secrets stay, and a rekey that does not complete changes nothing.
@Suite("Seal: rekey", .timeLimit(.minutes(4)))
struct RekeyEndToEndTests {
    static let custom = ["--unseal-mode", "custom"]

    @Test func aThreeOfFiveStoreMovesToTwoOfThreeWithANewcomersKey() async throws {
        let operators = try RekeyOperators()
        let newcomer = try operators.newcomer()
        let (operatorFPR, strangerFPR) = (
            try GPGFixtures.fingerprint("operator"), try GPGFixtures.fingerprint("stranger")
        )
        try await SealTestRoot.with(arguments: Self.custom) { root in
            let client = try await SealClient(server: try await root.start(), password: root.password)
            let oldKeys = [
                operators.operatorKey, operators.strangerKey, operators.operatorKey, operators.strangerKey,
                operators.operatorKey,
            ]
            let initialized = try await client.send(
                "PUT", "/init/default", json: ["shares": 5, "threshold": 3, "pgp_keys": oldKeys])
            #expect(initialized.status == 200, "\(initialized.text)")
            let old = try operators.shares(initialized.json)
            #expect(try await client.unseal([old[0], old[1], old[2]])["sealed"] as? Bool == false)
            try await client.create("team/db", "s3cr3t")
            try await client.create("team/api", "t0ken")

            let started = try await client.startRekey(
                shares: 3, threshold: 2, pgpKeys: [newcomer.key, operators.strangerKey, newcomer.key])
            let nonce = try #require(started["nonce"] as? String)
            #expect(started["progress"] as? Int == 0 && started["required"] as? Int == 3, "\(started)")
            SealClient.expectError(
                try await client.send(
                    "PUT", "/rekey/default/update", json: ["nonce": UUID().uuidString, "key": old[3]]),
                400, "BAD_REQUEST")
            let progress = try #require(try await client.enterRekeyShares([old[3], old[4]], nonce: nonce))
            #expect(progress.json["complete"] as? Bool == false && progress.json["progress"] as? Int == 2)
            let done = try #require(try await client.enterRekeyShares([old[0]], nonce: nonce))
            #expect(done.json["complete"] as? Bool == true, "\(done.text)")
            #expect(
                done.json["pgp_fingerprints"] as? [String] == [newcomer.fingerprint, strangerFPR, newcomer.fingerprint])
            #expect(!(done.json["pgp_fingerprints"] as? [String] ?? []).contains(operatorFPR))
            #expect((done.json["keys_base64"] as? [String])?.count == 3)
            #expect(
                try await client.send("GET", "/init/default").json["keys"] as? [String] == done.json["keys"]
                    as? [String])
            let new = try operators.shares(done.json)
            let status = try await client.sealStatus()
            #expect(
                status["sealed"] as? Bool == false && status["shares"] as? Int == 3 && status["threshold"] as? Int == 2)
            #expect(try await client.value("team/db") == "s3cr3t")
            try await client.create("team/after", "written after the rekey")

            // The old shares no longer unseal, before or after a restart; the new ones do.
            #expect(try await client.send("PUT", "/seal/default").status == 204)
            for share in old {
                SealClient.expectError(
                    try await client.send("PUT", "/unseal/default", json: ["key": share]), 400, "INVALID_UNSEAL_KEY")
            }
            #expect(await client.server.terminate() == 0)
            let again = try await SealClient(server: try await root.start(), password: root.password)
            SealClient.expectError(
                try await again.send("PUT", "/unseal/default", json: ["key": old[1]]), 400, "INVALID_UNSEAL_KEY")
            #expect(try await again.unseal([new[2], new[1]])["sealed"] as? Bool == false)
            #expect(try await again.value("team/db") == "s3cr3t")
            #expect(try await again.value("team/api") == "t0ken")
            #expect(try await again.value("team/after") == "written after the rekey")
            for server in [client, again] { server.expectLogHoldsNone(RekeyOperators.material(old + new)) }
        }
    }

    @Test func aBootstrapStoreMovesToCustomKeysAndItsKeyPairLeavesZooKeeper() async throws {
        let operators = try RekeyOperators()
        try await SealTestRoot.with { root in
            let client = try await root.startUnsealed()
            try await client.create("kept", "from the bootstrap era")
            let stored = try #require(try await root.storedValue("keys/bootstrap_user.key"))
            let started = try await client.startRekey(
                shares: 2, threshold: 2, pgpKeys: [operators.operatorKey, operators.strangerKey])
            #expect(started["required"] as? Int == 1)
            // No key: the server decrypts its own share with the key pair it keeps.
            let nonce = try #require(started["nonce"] as? String)
            let done = try #require(try await client.enterRekeyShares([nil], nonce: nonce))
            #expect(done.json["complete"] as? Bool == true, "\(done.text)")
            let new = try operators.shares(done.json)
            #expect(try await root.storedValue("keys/bootstrap_user.key") == nil, "the bootstrap key is still stored")
            #expect(try await client.value("kept") == "from the bootstrap era")
            SealClient.expectError(try await client.send("PUT", "/auto-unseal/default"), 400, "BAD_REQUEST")

            // A restart in bootstrap mode waits for the operators' shares.
            #expect(await client.server.terminate() == 0)
            let again = try await SealClient(server: try await root.start(), password: root.password)
            #expect(try await again.waitForLog("initialised with custom keys: waiting for operators' shares"))
            #expect(try await again.sealStatus()["sealed"] as? Bool == true)
            #expect(try await again.unseal(new)["sealed"] as? Bool == false)
            #expect(try await again.value("kept") == "from the bootstrap era")
            let material = bootstrapKeyMaterial(stored: String(decoding: stored, as: UTF8.self))
            for server in [client, again] {
                server.expectLogHoldsNone(material + RekeyOperators.material(new))
            }
        }
    }

    @Test func aRekeyCutShortByACrashOrACancelLeavesTheOldSharesValid() async throws {
        let operators = try RekeyOperators()
        try await SealTestRoot.with(arguments: Self.custom) { root in
            let client = try await SealClient(server: try await root.start(), password: root.password)
            let keys = [operators.operatorKey, operators.strangerKey, operators.operatorKey]
            let initialized = try await client.send(
                "PUT", "/init/default", json: ["shares": 3, "threshold": 2, "pgp_keys": keys])
            let old = try operators.shares(initialized.json)
            _ = try await client.unseal([old[0], old[1]])
            try await client.create("kept", "across the attempts")
            let configuration = try await root.storedValue("keys/seal-configuration")
            let keyring = try await root.storedValue("keys/keyring")

            // Killed with one share of two entered.
            let first = try await client.startRekey(shares: 1, threshold: 1, pgpKeys: [operators.strangerKey])
            let nonce = try #require(first["nonce"] as? String)
            _ = try await client.enterRekeyShares([old[2]], nonce: nonce)
            try await root.crash(client.server)
            #expect(try await root.storedValue("keys/seal-configuration") == configuration)
            #expect(try await root.storedValue("keys/keyring") == keyring)
            let again = try await SealClient(server: try await root.start(), password: root.password)
            #expect(try await again.send("GET", "/rekey/default").json["started"] as? Bool == false)
            SealClient.expectError(
                try await again.send("PUT", "/rekey/default/update", json: ["nonce": nonce, "key": old[0]]), 400,
                "BAD_REQUEST")
            #expect(try await again.unseal([old[2], old[0]])["sealed"] as? Bool == false)
            #expect(try await again.value("kept") == "across the attempts")

            // Cancelled with one share entered.
            let second = try await again.startRekey(shares: 1, threshold: 1, pgpKeys: [operators.strangerKey])
            SealClient.expectError(
                try await again.send(
                    "PUT", "/rekey/default", json: ["shares": 1, "threshold": 1, "pgp_keys": [keys[0]]]), 409,
                "CONFLICT")
            _ = try await again.enterRekeyShares([old[1]], nonce: try #require(second["nonce"] as? String))
            #expect(try await again.send("DELETE", "/rekey/default").status == 204)
            #expect(try await again.send("GET", "/rekey/default").json["started"] as? Bool == false)
            #expect(try await root.storedValue("keys/seal-configuration") == configuration)
            #expect(try await again.send("PUT", "/seal/default").status == 204)
            #expect(try await again.unseal([old[1], old[0]])["sealed"] as? Bool == false)
            for server in [client, again] { server.expectLogHoldsNone(RekeyOperators.material(old)) }
        }
    }

    @Test func anotherInstanceSealsItselfAndASealedOneTakesTheNewShares() async throws {
        let operators = try RekeyOperators()
        try await SealTestRoot.with(arguments: Self.custom) { root in
            let a = try await SealClient(server: try await root.start(), password: root.password)
            let keys = [operators.operatorKey, operators.strangerKey, operators.operatorKey]
            let initialized = try await a.send(
                "PUT", "/init/default", json: ["shares": 3, "threshold": 2, "pgp_keys": keys])
            let old = try operators.shares(initialized.json)
            let b = try await SealClient(server: try await root.start(), password: root.password)
            let c = try await SealClient(server: try await root.start(), password: root.password)
            _ = try await a.unseal([old[0], old[1]])
            _ = try await b.unseal([old[1], old[2]])
            #expect(try await c.unseal([old[0]])["progress"] as? Int == 1)
            try await b.create("shared", "written through b")

            let started = try await a.startRekey(
                shares: 2, threshold: 2, pgpKeys: [operators.strangerKey, operators.operatorKey])
            let nonce = try #require(started["nonce"] as? String)
            let done = try #require(try await a.enterRekeyShares([old[2], old[0]], nonce: nonce))
            let new = try operators.shares(done.json)

            // B's unseal key no longer opens the keyring: it seals itself and says why.
            #expect(try await b.waitForLog("rekeyed through another instance"), "\(b.server.log)")
            #expect(try await b.sealStatus()["sealed"] as? Bool == true)
            SealClient.expectError(try await b.send("GET", "/secret/default/shared"), 503, "SEALED")
            // C, sealed, drops the old share it had and takes the new ones.
            let cStatus = try await c.sealStatus()
            #expect(cStatus["threshold"] as? Int == 2 && cStatus["shares"] as? Int == 2, "\(cStatus)")
            SealClient.expectError(
                try await c.send("PUT", "/unseal/default", json: ["key": old[1]]), 400, "INVALID_UNSEAL_KEY")
            #expect(try await c.unseal(new)["sealed"] as? Bool == false)
            #expect(try await c.value("shared") == "written through b")
            #expect(try await b.unseal(new)["sealed"] as? Bool == false)
            try await b.create("later", "b again")
            #expect(try await a.value("later") == "b again")
            for server in [a, b, c] { server.expectLogHoldsNone(RekeyOperators.material(old + new)) }
        }
    }
}
