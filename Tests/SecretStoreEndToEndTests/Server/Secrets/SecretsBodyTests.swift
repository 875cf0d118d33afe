import Foundation
import SecretStoreTesting
import Testing

/// Request bodies over real sockets: bodies cut off by a dying client, bodies larger than the
/// limit refused while they arrive, and the configured limit of the real binary.
@Suite("Secret bodies end to end", .timeLimit(.minutes(3)))
struct SecretsBodyTests {
    @Test func aClientThatDiesMidWriteLeavesNoSecretAndTheServerKeepsServing() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            let value = TestValues.binary(count: 1_048_576, seed: 11)
            let json =
                Array(#"{"value":""#.utf8) + Array(repeating: UInt8(ascii: "a"), count: 600_000) + Array(#""}"#.utf8)
            #expect(try await server.write("existing", text: "unchanged").status == 201)
            let uploads: [(method: String, path: String, headers: String, partial: [UInt8])] = [
                (
                    "PUT", "half-binary", "Content-Type: application/octet-stream\r\nContent-Length: \(value.count)",
                    Array(value.prefix(value.count / 2))
                ),
                (
                    "PUT", "half-json", "Content-Type: application/json\r\nContent-Length: \(json.count)",
                    Array(json.prefix(json.count / 2))
                ),
                (
                    "PUT", "half-chunked", "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked",
                    Array("10000\r\n".utf8) + Array(value.prefix(65_536)) + Array("\r\n".utf8)
                ),
                (
                    "PATCH", "existing", "Content-Type: application/octet-stream\r\nContent-Length: \(value.count)",
                    Array(value.prefix(value.count / 2))
                ),
            ]
            for upload in uploads {
                let head =
                    "\(upload.method) /secrets/v1/secret/default/\(upload.path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: token=\(server.token)\r\n\(upload.headers)\r\n\r\n"
                let reply = try await InterruptedUpload.run(
                    port: server.process.port, head: head, partialBody: upload.partial)
                #expect(!reply.hasPrefix("HTTP/1.1 2"), "\(upload.path): \(reply.prefix(100))")
            }
            // Nothing was written, not even a moment later.
            try await Task.sleep(for: .seconds(1))
            #expect(server.process.isRunning)
            for path in ["half-binary", "half-json", "half-chunked"] {
                let answer = try await server.send("GET", path)
                #expect(answer.status == 404, "\(path): \(answer.status)")
            }
            #expect(try await server.send("GET", "existing").json["value"] as? String == "unchanged")
            #expect(try await server.list("") == ["existing"])

            // The server keeps serving, those very paths included.
            #expect(try await server.process.get("/ping").body == "pong")
            #expect(try await server.write("half-binary", bytes: Data(value)).status == 201)
            let identical = try await server.rawValue("half-binary") == Data(value)
            #expect(identical, "the value read back differs")
            #expect(try await server.write("PATCH", "existing", text: "changed").status == 204)
            #expect(try await server.rawValue("existing") == Data("changed".utf8))
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWhileItArrives() async throws {
        try await SecretsServer.with { server in
            // Announces 100 MiB, sends a little more than the limit, then waits for an answer: the
            // server must not wait for (or buffer) the rest.
            let head =
                "PUT /secrets/v1/secret/default/huge HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: token=\(server[0].token)\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: 104857600\r\n\r\n"
            let start = ContinuousClock.now
            let reply = try await InterruptedUpload.run(
                port: server[0].process.port, head: head, partialBody: TestValues.binary(count: 1_100_000),
                pause: .seconds(10))
            #expect(reply.hasPrefix("HTTP/1.1 413"), "\(reply.prefix(200))")
            #expect(reply.contains("TOO_LARGE"))
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(try await server[0].send("GET", "huge").status == 404)
        }
    }

    static let limits = [100, 3_145_728]

    @Test(arguments: limits)
    func theConfiguredLimitHolds(limit: Int) async throws {
        try await SecretsServer.with(arguments: ["--max-secret-size", String(limit)]) { servers in
            let server = servers[0]
            let exact = Data(TestValues.binary(count: limit, seed: 5))
            #expect(try await server.write("exact", bytes: exact).status == 201)
            // Compared outside #expect: on failure it would print and diff megabytes.
            let identical = try await server.rawValue("exact") == exact
            #expect(identical, "the value read back differs")
            let text = String(repeating: "t", count: limit)
            #expect(try await server.write("text", text: text).status == 201)
            let identicalText = try await server.send("GET", "text").json["value"] as? String == text
            #expect(identicalText, "the text read back differs")

            let over = try await server.write("over", bytes: Data(TestValues.binary(count: limit + 1)))
            #expect(over.status == 413)
            #expect(over.json["code"] as? String == "TOO_LARGE")
            let overText = try await server.write("over", text: text + "t")
            #expect(overText.status == 413)
            #expect(
                try await server.write("PATCH", "exact", bytes: Data(TestValues.binary(count: limit + 1))).status == 413
            )
            let kept = try await server.rawValue("exact") == exact
            #expect(kept, "the refused PATCH changed the value")
            #expect(try await server.send("GET", "over").status == 404)
        }
    }
    @Test func emptyLabelsDoNotGetAroundTheSizeLimits() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            // The attack that stored a 3.85 MB record: a 1 MiB value with 700,000 empty labels.
            let value = String(repeating: "v", count: 1_048_576)
            let labels = Array(repeating: "", count: 700_000)
            let refused = try await server.write("labelled", text: value, extra: ["labels": labels])
            #expect(refused.status == 413)
            #expect(refused.json["code"] as? String == "TOO_LARGE")
            #expect(try await server.send("GET", "labelled").status == 404)
            #expect(try await server.write("kept", text: "v", extra: ["labels": ["a"]]).status == 201)
            let patched = try await server.write("PATCH", "kept", text: value, extra: ["labels": labels])
            #expect(patched.status == 413)
            #expect(try await server.send("GET", "kept").json["labels"] as? [String] == ["a"])
        }
    }
}
