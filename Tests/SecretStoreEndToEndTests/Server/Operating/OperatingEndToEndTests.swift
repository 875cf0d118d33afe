import Foundation
import SecretStoreTesting
import SecretStoreWire
import Testing

/// Health and metrics of a real `secret-store` over a real socket, on a ZooKeeper server of the
/// test's own that the test pauses or stops (contract §9).
@Suite("Health and metrics end to end", .timeLimit(.minutes(4)))
struct OperatingEndToEndTests {
    /// How ZooKeeper goes away.
    enum Outage: String, CaseIterable, Sendable, CustomTestStringConvertible {
        /// SIGSTOP: connections stay open and nothing answers.
        case paused
        /// SIGTERM: connections are refused.
        case stopped

        var testDescription: String { rawValue }
    }

    @Test(arguments: Outage.allCases)
    func healthAndMetricsFollowZooKeeper(outage: Outage) async throws {
        try await Self.withOwnZooKeeper { zooKeeper, server in
            let ready = try await Self.health(server)
            #expect(ready.status == 200, "\(ready.text)")
            #expect(
                try Self.answer(ready)
                    == HealthAnswer(
                        initialized: true, sealed: false, storage: .connected, version: ServerVersion.version))
            #expect(try await server.write("app/db", text: "zzsecretvalue").status == 201)

            let metrics = try await HTTPExchange.send("GET", server.process.baseURL + "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.headers["content-type"] == "text/plain; version=0.0.4")
            let page = try PrometheusTextPage(metrics.text)
            #expect(page.value("secretstore_zookeeper_connected") == 1)
            #expect(page.value("secretstore_sealed") == 0)
            #expect(page.value("secretstore_secrets") == 1)
            let zooKeeperHistogram = "secretstore_zookeeper_operation_duration_seconds"
            #expect(page.types[zooKeeperHistogram] == "histogram")
            #expect((page.value(zooKeeperHistogram + "_count", ["operation": "get"]) ?? 0) > 0)
            #expect((page.value(zooKeeperHistogram + "_count", ["operation": "multi"]) ?? 0) > 0)
            // The store's own buckets (sub-millisecond first), not swift-prometheus' default 5 ms.
            #expect(page.value(zooKeeperHistogram + "_bucket", ["operation": "get", "le": "0.00025"]) != nil)
            #expect(!metrics.text.contains("app/db") && !metrics.text.contains("zzsecret"))

            switch outage {
            case .paused: try await zooKeeper.pause()
            case .stopped: await zooKeeper.stop()
            }
            // The client notices the lost connection within the session timeout's read timeout
            // (2/3 of 4 s); health says so at once from then, without waiting on storage.
            let lost = try await Self.poll(server, within: .seconds(20)) { $0.status == 503 }
            #expect(lost.status == 503, "\(lost.text)")
            #expect(
                try Self.answer(lost)
                    == HealthAnswer(
                        initialized: true, sealed: false, storage: .unavailable, version: ServerVersion.version))
            let start = ContinuousClock.now
            let scrape = try await HTTPExchange.send("GET", server.process.baseURL + "/metrics")
            #expect(ContinuousClock.now - start < .seconds(2), "a scrape waits on lost storage")
            #expect(try PrometheusTextPage(scrape.text).value("secretstore_zookeeper_connected") == 0)

            switch outage {
            case .paused: zooKeeper.resume()
            case .stopped: try await zooKeeper.restart()
            }
            let back = try await Self.poll(server, within: .seconds(60)) { $0.status == 200 }
            #expect(back.status == 200, "\(back.text)")
            #expect(try Self.answer(back).storage == .connected)
        }
    }

    static func health(_ server: SecretsServer) async throws -> HTTPExchange {
        try await HTTPExchange.send("GET", server.process.baseURL + "/secrets/v1/health")
    }

    static func answer(_ exchange: HTTPExchange) throws -> HealthAnswer {
        try JSONDecoder().decode(HealthAnswer.self, from: exchange.body)
    }

    /// Asks for health every 100 ms until `done`, at most `limit`; the last answer.
    static func poll(
        _ server: SecretsServer, within limit: Duration, until done: (HTTPExchange) -> Bool
    ) async throws -> HTTPExchange {
        let deadline = ContinuousClock.now + limit
        var answer = try await health(server)
        while !done(answer), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            answer = try await health(server)
        }
        return answer
    }

    /// Starts a ZooKeeper server of its own and a `secret-store` on it (4 s session, 2 s operation
    /// timeout, metrics open to anyone), waits until the store is unsealed, runs `body`, then stops
    /// both by pid.
    static func withOwnZooKeeper(
        _ body: (ZooKeeperTestServer, SecretsServer) async throws -> Void
    ) async throws {
        try await SecretsServer.withOwnZooKeeper(
            root: "operating", arguments: ["--zk-session-timeout", "4", "--metrics-unauthenticated"], body)
    }
}
