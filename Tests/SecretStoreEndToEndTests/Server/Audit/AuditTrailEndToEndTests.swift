import Foundation
import SecretStoreTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The audit trail of a real `secret-store` over real sockets (contract §9): lines with the
/// client's address and hidden paths, rotation on `SIGHUP`, failing closed while the file cannot
/// be written, and recovering without a restart.
@Suite("Audit trail end to end", .timeLimit(.minutes(4)))
struct AuditTrailEndToEndTests {
    static let value = "zz-audited-VALUE-42"

    /// A folder for the trail, removed afterwards.
    static func withFolder(_ body: (String) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ssaudit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await body(folder)
    }

    static func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func linesNameTheClientAndHidePathsAndSIGHUPReopensTheFile() async throws {
        try await Self.withFolder { folder in
            let trail = folder + "/audit.log"
            try await SecretsServer.with(arguments: ["--audit-log", trail]) { servers in
                let server = servers[0]
                #expect(try await server.write("app/db", text: Self.value).status == 201)
                #expect(try await server.rawValue("app/db") == Data(Self.value.utf8))
                let hashed = try await HTTPExchange.send(
                    "POST", server.process.baseURL + "/secrets/v1/audit-hash",
                    headers: ["Authorization": "token=\(server.token)"], json: ["input": "app/db"])
                let hash = try #require(hashed.json["hash"] as? String)

                let lines = try Self.lines(trail)
                let login = try #require(
                    lines.first {
                        $0["request_uri"] as? String == "/acs/api/v1/auth/login" && $0["type"] as? String == "audit"
                    }, "\(lines.map { "\($0["type"] ?? "") \($0["request_uri"] ?? "") \($0["status"] ?? "")" })")
                #expect(login["uid"] as? String == SecretsServer.superuser)
                #expect(login["srcip"] as? String == "127.0.0.1")
                #expect((login["srcport"] as? Int ?? 0) > 0)
                let writes = lines.filter { $0["method"] as? String == "PUT" && $0["type"] as? String == "audit" }
                #expect(writes.count == 1)
                #expect(writes.first?["request_uri"] as? String == "/secrets/v1/secret/default/\(hash)")
                #expect(writes.first?["object"] as? String == "dcos:secrets:default:/\(hash)")
                let text = try String(contentsOfFile: trail, encoding: .utf8)
                for secret in [Self.value, SecretsServer.password, server.token, "app/db"] {
                    #expect(!text.contains(secret))
                }

                // Rotation: move the file away, SIGHUP, and the next lines go to a new file.
                try FileManager.default.moveItem(atPath: trail, toPath: trail + ".1")
                #expect(kill(server.process.processIdentifier, SIGHUP) == 0)
                try await Self.eventually { server.process.log.contains("Audit trail reopened") }
                let rotatedSize = try FileManager.default.attributesOfItem(atPath: trail + ".1")[.size] as? Int
                #expect(try await server.send("GET", "app/db").status == 200)
                let fresh = try Self.lines(trail)
                #expect(fresh.count == 1)
                #expect(fresh.first?["method"] as? String == "GET")
                #expect(try FileManager.default.attributesOfItem(atPath: trail + ".1")[.size] as? Int == rotatedSize)

                // Rotation without a signal: within a sweep the trail finds the path gone and opens
                // it anew; the lines written meanwhile are in the moved file, none is lost.
                try FileManager.default.moveItem(atPath: trail, toPath: trail + ".2")
                var sent = 0
                var reopened = false
                for _ in 0..<100 where !reopened {
                    #expect(try await server.send("GET", "app/db").status == 200)
                    sent += 1
                    reopened = FileManager.default.fileExists(atPath: trail)
                    if !reopened { try await Task.sleep(for: .milliseconds(20)) }
                }
                #expect(reopened)
                #expect(server.process.log.contains("its file was replaced"))
                #expect(try await server.send("GET", "app/db").status == 200)
                sent += 1
                let moved = try Self.lines(trail + ".2")
                let after = try Self.lines(trail)
                #expect(moved.count + after.count == sent + 1, "\(moved.count) + \(after.count) lines for \(sent) + 1")
                #expect(after.last?["method"] as? String == "GET")
                #expect(server.process.isRunning)
            }
        }
    }

    @Test func aTrailThatCannotBeWrittenFailsClosedAndRecoversWithoutARestart() async throws {
        try await Self.withFolder { folder in
            let trail = folder + "/audit.log"
            try await SecretsServer.with(
                arguments: ["--audit-log", trail, "--audit-timeout", "500", "--metrics-unauthenticated"]
            ) { servers in
                let server = servers[0]
                #expect(try await server.write("app/before", text: Self.value).status == 201)
                // The disk is full: every write of the trail fails with ENOSPC.
                try FileManager.default.removeItem(atPath: trail)
                try FileManager.default.createSymbolicLink(atPath: trail, withDestinationPath: "/dev/full")
                try await Self.refuses(server, path: "app/refused-full")

                // The file is removed and its path cannot be written (a folder is in the way).
                try FileManager.default.removeItem(atPath: trail)
                try FileManager.default.createDirectory(atPath: trail, withIntermediateDirectories: false)
                try await Self.refuses(server, path: "app/refused-folder")

                // Fixed: the trail's next probe writes again, with no restart and no signal.
                try FileManager.default.removeItem(atPath: trail)
                var recovered = false
                for _ in 0..<40 where !recovered {
                    try await Task.sleep(for: .milliseconds(100))
                    recovered = try await server.send("GET", "app/before").status == 200
                }
                #expect(recovered)
                // What was refused had no effect; what was acknowledged before is there.
                #expect(try await server.send("GET", "app/refused-full").status == 404)
                #expect(try await server.send("GET", "app/refused-folder").status == 404)
                let lines = try Self.lines(trail)
                let gap = try #require(lines.first)
                #expect(gap["type"] as? String == "audit_gap")
                #expect((gap["refused"] as? Int ?? 0) >= 1)
                #expect(lines.dropFirst().allSatisfy { ["audit", "audit_intent"].contains($0["type"] as? String) })
            }
        }
    }

    /// While the trail cannot be written: a request is refused 503 AUDIT_UNAVAILABLE within the
    /// timeout (the first, whose line fails) or at once (the next ones, before acting), while
    /// liveness, health and metrics answer.
    static func refuses(_ server: SecretsServer, path: String) async throws {
        let started = ContinuousClock.now
        let first = try await server.write(path, text: Self.value)
        #expect(first.status == 503)
        #expect(first.json["code"] as? String == "AUDIT_UNAVAILABLE")
        #expect(ContinuousClock.now - started < .seconds(2))
        let second = try await server.write(path, text: Self.value)
        #expect(second.status == 503)
        #expect(second.json["code"] as? String == "AUDIT_UNAVAILABLE")
        let base = server.process.baseURL
        #expect(try await HTTPExchange.send("GET", base + "/ping").status == 200)
        #expect(try await HTTPExchange.send("GET", base + "/secrets/v1/health").status == 200)
        let metrics = try await HTTPExchange.send("GET", base + "/metrics")
        #expect(metrics.status == 200)
        #expect((try PrometheusTextPage(metrics.text).value("secretstore_audit_failures_total") ?? 0) >= 2)
    }

    @Test func aTrailThatCannotBeOpenedStopsTheStart() async throws {
        do {
            let process = try await SecretStoreServerProcess.start(
                arguments: ["--storage", "memory", "--audit-log", "/nonexistent-folder/audit.log"])
            await process.terminate()
            process.removeDirectory()
            Issue.record("the server started without its audit trail")
        } catch {
            #expect("\(error)".contains("cannot open the audit trail"))
        }
    }

    static func eventually(within limit: Duration = .seconds(5), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while !condition(), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(condition())
    }
}
