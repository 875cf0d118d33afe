import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// A store initialised with custom keys, served by an instance started in bootstrap mode (the
/// default: an operator who forgot `--unseal-mode custom` on one instance, or a `PUT /init` that
/// won the race against bootstrap initialisation). That instance cannot unseal itself; it must
/// wait for the shares like a custom-mode instance, and then behave like any other instance.
@Suite("Seal: bootstrap instance on a custom-key store", .timeLimit(.minutes(3)))
struct SealModeMismatchEndToEndTests {
    @Test func aBootstrapInstanceOnACustomStoreWaitsForSharesAndThenFollowsRotations() async throws {
        let context = try GPGContext()
        defer { context.close() }
        let operatorKey = try GPGFixtures.text("operator.pub.asc")
        _ = try context.importKey(Array(try GPGFixtures.text("operator.sec.asc").utf8))
        try await SealTestRoot.with { root in
            let custom = try await SealClient(
                server: try await root.start(["--unseal-mode", "custom"]), password: root.password)
            let initialized = try await custom.send(
                "PUT", "/init/default", json: ["shares": 1, "threshold": 1, "pgp_keys": [operatorKey]])
            #expect(initialized.status == 200, "\(initialized.text)")
            let key = try #require((initialized.json["keys"] as? [String])?.first)
            let share = String(decoding: try context.decrypt(try #require(HexText.decode(key))), as: UTF8.self)
            #expect(
                try await custom.send("PUT", "/unseal/default", json: ["key": share]).json["sealed"] as? Bool == false)
            try await custom.create("mixed/one", "before")

            // The default mode: bootstrap.
            let bootstrap = try await SealClient(server: try await root.start(), password: root.password)
            try await Task.sleep(for: .seconds(4))
            let status = try await bootstrap.sealStatus()
            #expect(status["sealed"] as? Bool == true && status["initialized"] as? Bool == true, "\(status)")
            #expect(!bootstrap.server.log.contains("generating a 4096-bit"))
            let retries = bootstrap.server.log.components(separatedBy: "Cannot prepare the store yet").count - 1
            #expect(
                retries <= 1,
                "the instance retries preparing a store it can never unseal by itself (\(retries) times in 4 s)")

            let unsealed = try await bootstrap.send("PUT", "/unseal/default", json: ["key": share])
            #expect(unsealed.json["sealed"] as? Bool == false, "\(unsealed.text)")
            #expect(try await bootstrap.value("mixed/one") == "before")

            // Like every unsealed instance, it follows a rotation made through another one.
            #expect(try await custom.send("PUT", "/rotate/default").status == 204)
            #expect(
                try await TwoInstancesSealEndToEndTests.waitForTerm(2, on: bootstrap),
                "the bootstrap-mode instance does not follow keyring changes")
        }
    }
}
