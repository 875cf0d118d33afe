import Foundation
import SecretStoreTesting
import Testing

/// The intended seal state survives restarts; a crash does not seal (contract §3, bootstrap mode).
@Suite("Seal: restarts and crashes", .timeLimit(.minutes(4)))
struct SealRestartEndToEndTests {
    /// Starts a server on `root` and expects it to stay sealed because an operator sealed the store.
    private func expectStaysSealed(_ root: SealTestRoot) async throws -> SealClient {
        let client = try await SealClient(server: try await root.start(), password: root.password)
        #expect(
            try await client.waitForLog("sealed by an operator: staying sealed"),
            "the log does not say why the store stays sealed:\n\(client.server.log)")
        try await Task.sleep(for: .seconds(2))
        let status = try await client.sealStatus()
        #expect(status["sealed"] as? Bool == true, "\(status)")
        #expect(status["initialized"] as? Bool == true, "\(status)")
        SealClient.expectError(try await client.send("GET", "/secret/default/kept"), 503, "SEALED")
        return client
    }

    @Test func anOperatorsSealSurvivesRestartsUntilAutoUnseal() async throws {
        try await SealTestRoot.with { root in
            let first = try await root.startUnsealed()
            try await first.create("kept", "across restarts")
            #expect(try await first.send("PUT", "/seal/default").status == 204)
            #expect(try await root.storedValue("keys/intended-seal") != nil)
            #expect(await first.server.terminate() == 0, "\(first.server.log)")

            let second = try await expectStaysSealed(root)
            // A second restart while sealed stays sealed too.
            #expect(await second.server.terminate() == 0)
            let third = try await expectStaysSealed(root)

            let auto = try await third.send("PUT", "/auto-unseal/default")
            #expect(auto.status == 200, "\(auto.text)")
            #expect(auto.json["sealed"] as? Bool == false)
            #expect(try await third.value("kept") == "across restarts")
            #expect(try await root.storedValue("keys/intended-seal") == nil)
            #expect(await third.server.terminate() == 0)

            let fourth = try await root.startUnsealed()
            #expect(try await fourth.value("kept") == "across restarts")
            #expect(try await root.log(of: fourth.server, says: "Unsealed with the bootstrap key"))
        }
    }

    @Test func aCrashedUnsealedServerIsFollowedByOneThatUnsealsItself() async throws {
        try await SealTestRoot.with { root in
            let first = try await root.startUnsealed()
            try await first.create("survivor", "still here")
            try await root.crash(first.server)
            #expect(!first.server.isRunning)

            let second = try await root.startUnsealed()
            #expect(try await second.value("survivor") == "still here")
            #expect(!second.server.log.contains("staying sealed"))
            // Generated once: the second server found the store initialised.
            #expect(!second.server.log.contains("generating a 4096-bit"))
        }
    }

    @Test func aCrashAfterSealKeepsTheStoreSealed() async throws {
        try await SealTestRoot.with { root in
            let first = try await root.startUnsealed()
            #expect(try await first.send("PUT", "/seal/default").status == 204)
            try await root.crash(first.server)
            let second = try await expectStaysSealed(root)
            #expect(try await second.send("PUT", "/auto-unseal/default").json["sealed"] as? Bool == false)
        }
    }
}
