import Foundation
import SecretStoreTesting
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The capacity budget over real sockets (contract §1, 507): refused past the budget across
/// instances, reads and non-growing writes still served, and a ZooKeeper with a small heap that
/// survives concurrent uploads up to the budget the operations guide's sizing rule gives it.
@Suite("Capacity budget end to end", .timeLimit(.minutes(4)))
struct SecretsCapacityTests {
    /// The `capacity` object of `GET /secrets/v1/store/default`.
    static func capacity(_ server: SecretsServer) async throws -> [String: Int] {
        let answer = try await server.send("GET", server.process.baseURL + "/secrets/v1/store/default")
        #expect(answer.status == 200)
        return answer.json["capacity"] as? [String: Int] ?? [:]
    }

    @Test func writesPastTheBudgetAre507OnEveryInstanceWhileReadsAndDeletesWork() async throws {
        let budget = 12_000
        try await SecretsServer.with(2, arguments: ["--max-store-bytes", String(budget), "--max-secrets", "100"]) {
            servers in
            let value = String(repeating: "v", count: 1_000)
            var stored: [String] = []
            var refusal: HTTPExchange?
            // Alternating instances; each secret takes a little over 1,000 bytes sealed.
            for index in 0..<20 {
                let answer = try await servers[index % 2].write("fill/s\(index)", text: value)
                if answer.status == 201 {
                    stored.append("fill/s\(index)")
                } else {
                    refusal = answer
                    break
                }
            }
            #expect(stored.count >= 9 && stored.count <= 11, "\(stored.count) secrets of 1,000 bytes fit in 12,000")
            #expect(refusal?.status == 507)
            #expect(refusal?.json["code"] as? String == "INSUFFICIENT_STORAGE")
            #expect(refusal?.headers["content-type"] == "application/json")
            // The other instance refuses too: the budget is the store's, not an instance's.
            #expect(try await servers[1].write("fill/other", text: value).status == 507)
            // At the limit: reads, a same-size update and a smaller one, listing.
            #expect(try await servers[1].send("GET", stored[0]).json["value"] as? String == value)
            #expect(
                try await servers[0].write("PATCH", stored[1], text: String(repeating: "w", count: 1_000)).status == 204
            )
            #expect(try await servers[1].write("PATCH", stored[2], text: "small").status == 204)
            #expect(try await servers[0].list("fill")?.count == stored.count)
            let usage = try await Self.capacity(servers[0])
            #expect(usage["store_bytes_budget"] == budget)
            #expect(usage["secrets_budget"] == 100)
            #expect((usage["store_bytes"] ?? .max) <= budget)
            #expect((usage["allocated_bytes"] ?? .max) <= budget)
            // A delete frees room for a new secret (at once on the instance that deleted; on the
            // others once it renews its lease).
            #expect(try await servers[1].send("DELETE", stored[3]).status == 204)
            #expect(try await servers[1].write("fill/after-delete", text: value).status == 201)
        }
    }

    @Test func theSecretCountHasItsOwnBudget() async throws {
        try await SecretsServer.with(arguments: ["--max-secrets", "3"]) { servers in
            for index in 0..<3 {
                #expect(try await servers[0].write("s\(index)", text: "v").status == 201)
            }
            let refused = try await servers[0].write("s3", text: "v")
            #expect(refused.status == 507)
            #expect(refused.json["code"] as? String == "INSUFFICIENT_STORAGE")
            #expect(try await Self.capacity(servers[0])["secrets"] == 3)
        }
    }

    /// The sizing rule of docs/operations.md: a ZooKeeper heap of at least five times
    /// `--max-store-bytes`. Without a budget, a 128 MB heap died of OutOfMemoryError at 37 MiB
    /// stored under 64 concurrent 1 MiB uploads (and a 256 MB one at 65 MiB).
    @Test func aSmallHeapZooKeeperSurvivesConcurrentUploadsUpToTheBudget() async throws {
        let heap = 128
        let budget = heap * 1_048_576 / 5
        try await ZooKeeperTestServer.withDedicated(heapMegabytes: heap) { zooKeeper in
            try await SecretsServer.with(arguments: ["--max-store-bytes", String(budget)], zooKeeper: zooKeeper) {
                servers in
                let server = servers[0]
                let session = HTTPExchange.session(connections: 64)
                let value = Data(TestValues.binary(count: 1_048_576, seed: 3))
                var stored: [String] = []
                var refused = 0
                // Rounds of 64 concurrent 1 MiB uploads until a whole round is refused.
                for round in 0..<4 {
                    let answers = try await withThrowingTaskGroup(of: (String, Int).self) { group in
                        for index in 0..<64 {
                            let path = "fill/r\(round)-\(index)"
                            group.addTask {
                                let answer = try await server.send(
                                    "PUT", path, body: value, contentType: "application/octet-stream", session: session)
                                return (path, answer.status)
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    stored += answers.filter { $0.1 == 201 }.map(\.0)
                    refused += answers.filter { $0.1 == 507 }.count
                    let unexpected = answers.filter { $0.1 != 201 && $0.1 != 507 && $0.1 != 429 }
                    #expect(unexpected.isEmpty, "unexpected answers: \(unexpected.prefix(5))")
                    if answers.allSatisfy({ $0.1 != 201 }) { break }
                }
                #expect(zooKeeper.isRunning(), "ZooKeeper died")
                #expect(try await zooKeeper.fourLetterWord("ruok") == "imok")
                // The budget was used, and not exceeded.
                #expect(stored.count >= budget / 1_048_576 - 3)
                #expect(refused > 0)
                #expect(stored.count * 1_048_576 <= budget)
                for path in stored {
                    let identical = try await server.rawValue(path) == value
                    #expect(identical, "\(path) does not read back")
                }
                let usage = try await Self.capacity(server)
                #expect((usage["store_bytes"] ?? .max) <= budget)
                #expect(usage["secrets"] == stored.count)
            }
        }
    }
}
