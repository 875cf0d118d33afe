import Foundation
import SecretStoreTesting
import Testing

/// `GET /store`, `PUT /rotate`, `GET /key-status` over real sockets against a real ZooKeeper (contract §3).
@Suite("Seal: store description, rotation and key status", .timeLimit(.minutes(3)))
struct StoreAndKeyRoutesEndToEndTests {
    /// RFC 3339 date-time: full date, `T`, full time with optional fraction, `Z` or an offset.
    static func isRFC3339(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/) != nil
            && ISO8601DateFormatter().date(from: text) != nil
    }

    /// A JSON object as sorted-key JSON text, to compare two objects.
    static func canonical(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: .sortedKeys), as: UTF8.self)
    }

    static func keyStatus(_ client: SealClient) async throws -> (term: Int, installTime: Date, encryptions: Int) {
        let answer = try await client.send("GET", "/key-status/default")
        #expect(answer.status == 200, "\(answer.text)")
        #expect(answer.headers["content-type"] == "application/json")
        let installTime = try #require(answer.json["install_time"] as? String)
        #expect(isRFC3339(installTime), "install_time \(installTime)")
        return (
            try #require(answer.json["term"] as? Int), try #require(ISO8601DateFormatter().date(from: installTime)),
            try #require(answer.json["encryptions"] as? Int)
        )
    }

    @Test func theStoreIsDescribedAndItsDataKeyRotates() async throws {
        try await SealTestRoot.with { root in
            let started = Date().addingTimeInterval(-1)
            let client = try await root.startUnsealed()

            let list = try await client.send("GET", "/store")
            #expect(list.status == 200, "\(list.text)")
            #expect(list.headers["content-type"] == "application/json")
            let backends = try #require(list.json["array"] as? [[String: Any]])
            #expect(backends.count == 1)
            let backend = try #require(backends.first)
            // The contract's six fields, plus our capacity budget (clients ignore unknown fields).
            #expect(
                Set(backend.keys) == ["name", "description", "driver", "addr", "initialized", "sealed", "capacity"])
            #expect(backend["name"] as? String == "default")
            #expect((backend["description"] as? String)?.isEmpty == false)
            #expect(backend["driver"] as? String == "zookeeper")
            #expect((backend["addr"] as? String)?.contains(root.zooKeeper.connectString) == true, "\(backend)")
            #expect((backend["addr"] as? String)?.hasSuffix(root.root) == true, "\(backend)")
            #expect(backend["initialized"] as? Bool == true && backend["sealed"] as? Bool == false)
            let single = try await client.send("GET", "/store/default")
            #expect(single.status == 200)
            #expect(try Self.canonical(single.json) == Self.canonical(backend), "\(single.text)")
            SealClient.expectError(try await client.send("GET", "/store/other"), 404, "NOT_FOUND")
            SealClient.expectError(try await client.send("PUT", "/rotate/other"), 404, "NOT_FOUND")
            SealClient.expectError(try await client.send("GET", "/key-status/other"), 404, "NOT_FOUND")
            SealClient.expectError(try await client.send("GET", "/seal-status/other"), 404, "NOT_FOUND")
            SealClient.expectError(try await client.send("PUT", "/seal/other"), 404, "NOT_FOUND")
            #expect(try await client.sealStatus()["sealed"] as? Bool == false)

            let first = try await Self.keyStatus(client)
            #expect(first.term == 1)
            #expect(first.installTime >= started && first.installTime <= Date().addingTimeInterval(1))
            try await client.create("before/rotation", "old term")
            #expect(try await Self.keyStatus(client).encryptions == first.encryptions + 1)

            let rotatedAt = Date().addingTimeInterval(-1)
            let rotate = try await client.send("PUT", "/rotate/default")
            #expect(rotate.status == 204, "\(rotate.text)")
            #expect(rotate.body.isEmpty)
            let second = try await Self.keyStatus(client)
            #expect(second.term == 2)
            #expect(second.encryptions == 0)
            #expect(second.installTime >= rotatedAt && second.installTime >= first.installTime)
            for index in 0..<3 { try await client.create("after/\(index)", "new term \(index)") }
            let patched = try await client.send("PATCH", "/secret/default/after/0", json: ["value": "patched"])
            #expect(patched.status == 204, "\(patched.text)")
            #expect(try await Self.keyStatus(client).encryptions == 4)
            #expect(try await client.value("before/rotation") == "old term")
            #expect(try await client.value("after/0") == "patched")
            // Reading does not count as an encryption.
            #expect(try await Self.keyStatus(client).encryptions == 4)

            // A second rotation; both older terms keep decrypting.
            #expect(try await client.send("PUT", "/rotate/default").status == 204)
            #expect(try await Self.keyStatus(client).term == 3)
            #expect(try await client.value("before/rotation") == "old term")
            #expect(try await client.value("after/2") == "new term 2")

            #expect(try await client.send("PUT", "/seal/default").status == 204)
            SealClient.expectError(try await client.send("PUT", "/rotate/default"), 503, "SEALED")
            SealClient.expectError(try await client.send("GET", "/key-status/default"), 503, "SEALED")
            let sealedStore = try await client.send("GET", "/store/default")
            #expect(sealedStore.status == 200)
            #expect(sealedStore.json["sealed"] as? Bool == true && sealedStore.json["initialized"] as? Bool == true)
            #expect(
                ((try await client.send("GET", "/store").json["array"] as? [[String: Any]])?.first?["sealed"] as? Bool)
                    == true)

            // The terms are kept in storage: after unsealing the store is at term 3 with every value readable.
            #expect(try await client.send("PUT", "/auto-unseal/default").json["sealed"] as? Bool == false)
            #expect(try await Self.keyStatus(client).term == 3)
            #expect(try await client.value("before/rotation") == "old term")
            #expect(try await client.value("after/1") == "new term 1")
        }
    }
}
