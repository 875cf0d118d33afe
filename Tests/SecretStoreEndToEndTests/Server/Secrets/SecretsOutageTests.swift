import Foundation
import SecretStoreTesting
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// ZooKeeper going away under the secrets API, on a ZooKeeper server of the test's own.
@Suite("Secrets under outages", .timeLimit(.minutes(4)))
struct SecretsOutageTests {
    /// How ZooKeeper goes away.
    enum Outage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// SIGSTOP: connections stay open and nothing answers, the case that hangs naive clients.
        case paused
        /// SIGTERM: connections are refused.
        case stopped

        var testDescription: String { rawValue }
    }

    static let unsealedLine = "Unsealed with the bootstrap key"

    @Test(arguments: Outage.allCases)
    func aZooKeeperOutageAnswers503AndTheStoreComesBackUnsealed(outage: Outage) async throws {
        try await Self.withOwnZooKeeper { zooKeeper, server in
            #expect(try await server.write("before", text: "kept").status == 201)
            #expect(try await server.write("victim", text: "v").status == 201)
            #expect(server.process.log.components(separatedBy: Self.unsealedLine).count == 2)

            switch outage {
            // Returns once every thread of the server has stopped: SIGSTOP takes effect a moment later, and
            // under load the frozen server could still answer the first request.
            case .paused: try await zooKeeper.pause()
            case .stopped: await zooKeeper.stop()
            }
            // Every call answers 503 STORAGE_UNAVAILABLE within about the 2 s operation timeout.
            let calls: [(String, String, Data?)] = [
                ("GET", "before", nil), ("PUT", "during", Data(#"{"value":"x"}"#.utf8)),
                ("PATCH", "victim", Data(#"{"value":"y"}"#.utf8)), ("DELETE", "victim", nil),
                ("GET", "?list=true", nil),
            ]
            for (method, path, body) in calls {
                let start = ContinuousClock.now
                let answer = try await server.send(
                    method, path, body: body, contentType: body == nil ? nil : "application/json")
                let elapsed = ContinuousClock.now - start
                #expect(answer.status == 503, "\(method) \(path): \(answer.status) \(answer.text)")
                #expect(answer.json["code"] as? String == "STORAGE_UNAVAILABLE", "\(method) \(path)")
                #expect(elapsed < .seconds(15), "\(method) \(path) took \(elapsed)")
            }

            switch outage {
            case .paused: zooKeeper.resume()
            case .stopped: try await zooKeeper.restart()
            }
            // The same requests work again, with no unseal: the store stayed unsealed.
            let deadline = ContinuousClock.now + .seconds(60)
            var read = try await server.send("GET", "before")
            while read.status != 200, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                read = try await server.send("GET", "before")
            }
            #expect(read.status == 200, "\(read.text)")
            #expect(read.json["value"] as? String == "kept")
            var write = try await server.write("after", text: "new")
            while write.status == 503, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
                write = try await server.write("after", text: "new")
            }
            #expect(write.status == 201, "\(write.text)")
            #expect(try await server.rawValue("after") == Data("new".utf8))
            #expect(try await server.list("")?.contains("after") == true)
            let status = try await server.process.waitForSealStatus(
                sealed: false, token: server.token, within: .seconds(5))
            #expect(status["sealed"] as? Bool == false)
            #expect(server.process.log.components(separatedBy: Self.unsealedLine).count == 2)
        }
    }

    // MARK: - A ZooKeeper of the test's own

    static let password = SecretsServer.password

    /// Starts a ZooKeeper server of its own and a `secret-store` on it with a 2 s operation
    /// timeout, waits until the store is unsealed, runs `body`, then stops both by pid.
    static func withOwnZooKeeper(
        _ body: (ZooKeeperTestServer, SecretsServer) async throws -> Void
    ) async throws {
        try await SecretsServer.withOwnZooKeeper(root: "outage", body)
    }
}
