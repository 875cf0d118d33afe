import Foundation
import SecretStoreTesting
import Testing

/// Two instances on one root: each is sealed and unsealed on its own, and they share one keyring
/// (contract §3, last bullet).
@Suite("Seal: two instances", .timeLimit(.minutes(3)))
struct TwoInstancesSealEndToEndTests {
    /// Polls `client`'s key status until its term is `term`, at most `limit`.
    static func waitForTerm(_ term: Int, on client: SealClient, within limit: Duration = .seconds(5)) async throws
        -> Bool
    {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await client.send("GET", "/key-status/default").json["term"] as? Int == term { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    @Test func eachInstanceIsSealedOnItsOwnAndTheyShareRotations() async throws {
        try await SealTestRoot.with { root in
            let a = try await root.startUnsealed()
            let b = try await root.startUnsealed()
            #expect(try await root.log(of: b.server, says: "Unsealed with the bootstrap key"))
            try await a.create("shared/one", "from a")
            #expect(try await b.value("shared/one") == "from a")

            // Sealing A leaves B serving.
            #expect(try await a.send("PUT", "/seal/default").status == 204)
            #expect(try await a.sealStatus()["sealed"] as? Bool == true)
            SealClient.expectError(try await a.send("GET", "/secret/default/shared/one"), 503, "SEALED")
            #expect(try await b.sealStatus()["sealed"] as? Bool == false)
            #expect(try await b.value("shared/one") == "from a")
            try await b.create("shared/two", "from b while a is sealed")

            // Sealing B too, then unsealing only B: A stays sealed.
            #expect(try await b.send("PUT", "/seal/default").status == 204)
            let bUnsealed = try await b.send("PUT", "/auto-unseal/default")
            #expect(bUnsealed.json["sealed"] as? Bool == false, "\(bUnsealed.text)")
            #expect(try await a.sealStatus()["sealed"] as? Bool == true)
            SealClient.expectError(try await a.send("GET", "/secret/default/shared/two"), 503, "SEALED")
            #expect(try await b.value("shared/two") == "from b while a is sealed")

            // Unsealing A by hand leaves B as it was.
            let aUnsealed = try await a.send("PUT", "/auto-unseal/default")
            #expect(aUnsealed.json["sealed"] as? Bool == false, "\(aUnsealed.text)")
            #expect(try await a.value("shared/two") == "from b while a is sealed")
            #expect(try await b.sealStatus()["sealed"] as? Bool == false)

            // A rotation through A is used by B.
            #expect(try await a.send("PUT", "/rotate/default").status == 204)
            try await a.create("shared/three", "sealed under term 2 by a")
            #expect(try await b.value("shared/three") == "sealed under term 2 by a")
            #expect(try await Self.waitForTerm(2, on: b), "B did not move to term 2 within 5 s")
            try await b.create("shared/four", "sealed by b after the rotation")
            #expect(try await a.value("shared/four") == "sealed by b after the rotation")
            let bStatus = try await b.send("GET", "/key-status/default")
            #expect(
                bStatus.json["term"] as? Int == 2 && (bStatus.json["encryptions"] as? Int ?? 0) >= 1, "\(bStatus.text)")

            // A rotation through B while A is sealed reaches A when it unseals.
            #expect(try await a.send("PUT", "/seal/default").status == 204)
            #expect(try await b.send("PUT", "/rotate/default").status == 204)
            try await b.create("shared/five", "term 3")
            #expect(try await a.send("PUT", "/auto-unseal/default").json["sealed"] as? Bool == false)
            #expect(try await a.send("GET", "/key-status/default").json["term"] as? Int == 3)
            #expect(try await a.value("shared/five") == "term 3")
            #expect(try await a.value("shared/one") == "from a")
        }
    }
}
