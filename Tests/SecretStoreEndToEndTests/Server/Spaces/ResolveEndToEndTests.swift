import Foundation
import SecretStoreTesting
import Testing

/// Resolve over a real socket, on a `secret-store` process with a real ZooKeeper.
@Suite("Resolve end to end", .timeLimit(.minutes(4)))
struct ResolveEndToEndTests {
    /// Ten services with five secrets each, text and binary, every value distinct.
    static let services = (0..<10).map { "/load/app\($0)" }

    static func value(service: Int, secret: Int) -> Data {
        secret % 2 == 0
            ? Data("value-\(service)-\(secret)-\(String(repeating: "x", count: 100 * secret))".utf8)
            : Data([0xFF, 0x00, UInt8(service), UInt8(secret)] + Array(repeating: UInt8(secret), count: 500))
    }

    static func path(service: Int, secret: Int) -> String { "load/app\(service)/s\(secret)" }

    /// A file for a server's audit trail (`--audit-log`), removed after `body`.
    static func withTrail(_ body: (String) async throws -> Void) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ssresolve-\(UUID().uuidString).log")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await body(path)
    }

    /// The trail's text.
    static func trail(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    @Test func twoHundredConcurrentCallsOfFiveSecretsAllGetTheirValues() async throws {
        try await Self.withTrail { trail in try await Self.twoHundredCalls(trail: trail) }
    }

    static func twoHundredCalls(trail: String) async throws {
        try await SecretsServer.with(arguments: ["--audit-log", trail]) { servers in
            let server = servers[0]
            for service in Self.services.indices {
                for secret in 0..<5 {
                    let value = Self.value(service: service, secret: secret)
                    let path = Self.path(service: service, secret: secret)
                    let answer =
                        secret % 2 == 0
                        ? try await server.write(path, text: String(decoding: value, as: UTF8.self))
                        : try await server.write(path, bytes: value)
                    #expect(answer.status == 201)
                }
            }
            let results = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for call in 0..<200 {
                    group.addTask {
                        let service = call % Self.services.count
                        let answer = try await Self.resolve(
                            server, space: Self.services[service],
                            (0..<5).map { Self.path(service: service, secret: $0) })
                        guard answer.status == 200, let secrets = answer.json["secrets"] as? [[String: String]] else {
                            return (call, false)
                        }
                        let correct = secrets.enumerated().allSatisfy { index, entry in
                            let expected = Self.value(service: service, secret: index)
                            let received =
                                entry["encoding"] == "base64"
                                ? entry["value"].flatMap { Data(base64Encoded: $0) }
                                : entry["value"].map { Data($0.utf8) }
                            return entry["path"] == Self.path(service: service, secret: index) && received == expected
                        }
                        return (call, secrets.count == 5 && correct)
                    }
                }
                var results: [Int: Bool] = [:]
                for try await (call, ok) in group { results[call] = ok }
                return results
            }
            #expect(results.count == 200)
            #expect(results.values.allSatisfy { $0 }, "failed calls: \(results.filter { !$0.value }.keys.sorted())")
            // One audit line per call, none holding a value (in the trail or the log).
            let lines = Self.trail(trail)
            #expect(lines.components(separatedBy: #""decision":"delivered""#).count - 1 == 200)
            #expect(!lines.contains("value-3-2") && !server.process.log.contains("value-3-2"))
        }
    }

    @Test func aServiceGetsNothingOfAnotherSpaceAndAValidationSaysWhy() async throws {
        try await Self.withTrail { trail in try await Self.anotherSpace(trail: trail) }
    }

    static func anotherSpace(trail: String) async throws {
        try await SecretsServer.with(arguments: ["--audit-log", trail]) { servers in
            let server = servers[0]
            #expect(try await server.write("spark/password", text: "spark-pw").status == 201)
            #expect(try await server.write("other/password", text: "other-pw").status == 201)
            let denied = try await Self.resolve(server, space: "/spark", ["spark/password", "other/password"])
            #expect(denied.status == 403)
            #expect(denied.json["code"] as? String == "SPACE_DENIED")
            #expect(!denied.text.contains("spark-pw"))
            let validation = try await Self.resolve(
                server, space: "/spark", ["spark/password", "other/password", "spark/none"], validate: true)
            #expect(validation.json["allowed"] as? [String] == ["spark/password"])
            #expect(validation.json["denied"] as? [String] == ["other/password"])
            #expect(validation.json["missing"] as? [String] == ["spark/none"])
            #expect(Self.trail(trail).contains(#""decision":"space_denied""#))
            #expect(!Self.trail(trail).contains("spark-pw") && !server.process.log.contains("spark-pw"))
            // Sealed: 503 for resolve and validation alike.
            let seal = try await HTTPExchange.send(
                "PUT", server.process.baseURL + "/secrets/v1/seal/default",
                headers: ["Authorization": "token=\(server.token)"])
            #expect(seal.status == 204)
            for validate in [false, true] {
                let sealed = try await Self.resolve(server, space: "/spark", ["spark/password"], validate: validate)
                #expect(sealed.status == 503)
                #expect(sealed.json["code"] as? String == "SEALED")
            }
        }
    }

    static func resolve(
        _ server: SecretsServer, space: String, _ paths: [String], validate: Bool = false
    ) async throws -> HTTPExchange {
        try await HTTPExchange.send(
            "POST", server.process.baseURL + "/secrets/v1/resolve/default" + (validate ? "?validate=true" : ""),
            headers: ["Authorization": "token=\(server.token)"], json: ["space": space, "secrets": paths])
    }
}
