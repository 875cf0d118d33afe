import Foundation
import SecretStoreTesting
import Synchronization
import Testing

/// Every request answers within `--zk-operation-timeout` (2 s here) plus a small margin while
/// ZooKeeper is frozen, reconnecting, killed or restarting, however many ZooKeeper calls it makes:
/// the calls of one request share one deadline (docs/operations.md, "Deadlines").
@Suite("Secrets deadlines under outages", .timeLimit(.minutes(4)))
struct SecretsDeadlineTests {
    /// The server's `--zk-operation-timeout`, as `SecretsOutageTests.withOwnZooKeeper` sets it.
    static let timeout = Duration.seconds(2)
    /// What the assertion allows beyond the timeout. The documented margin is smaller (0.5 s); this
    /// one leaves room for a loaded two-core machine (2.6 s was seen inside the whole suite), so the
    /// test catches overruns, not noise. The overrun it guards against is a whole second timeout: a
    /// call that waits again after the first timed out cannot answer before 4 s.
    static let margin = Duration.milliseconds(1500)

    /// The requests under test, each of which needs ZooKeeper.
    enum Call: String, CaseIterable, Sendable {
        case get = "GET"
        case create = "PUT"
        case update = "PATCH"
        case delete = "DELETE"
        case list
        case resolve
    }

    @Test func everyRequestAnswersWithinTheDeadlineWhileZooKeeperIsFrozenKilledAndRestarted() async throws {
        try await SecretsOutageTests.withOwnZooKeeper { zooKeeper, server in
            for name in ["read", "patched", "app/one", "app/two"] + (0..<40).map({ "deleted\($0)" }) {
                #expect(try await server.write(name, text: "v").status == 201)
            }
            let worst = Worst()

            // Frozen: the client still believes it is connected for 2/3 of the 10 s session timeout,
            // then reconnects to a server that accepts the connection and never answers. One call at
            // a time first, then all at once, so that they meet at shared turns (the keyring's).
            try await zooKeeper.pause()
            var round = 0
            for call in Call.allCases {
                let (answer, elapsed) = try await Self.send(call, round: round, to: server)
                worst.record(call, "frozen", elapsed)
                #expect(answer.status == 503, "\(call) while frozen: \(answer.status) \(answer.text)")
                #expect(answer.json["code"] as? String == "STORAGE_UNAVAILABLE", "\(call): \(answer.text)")
            }
            for _ in 0..<3 {
                round += 1
                for (call, answer, elapsed) in try await Self.sendAll(round: round, to: server) {
                    worst.record(call, "frozen", elapsed)
                    #expect(answer.status == 503, "\(call) while frozen, at once: \(answer.status) \(answer.text)")
                    #expect(answer.json["code"] as? String == "STORAGE_UNAVAILABLE", "\(call): \(answer.text)")
                }
            }
            round += 1

            // Killed while frozen, with calls in flight, and started again: connections are refused,
            // then the client reconnects (to the same session or a new one). Each answer is the
            // outage's 503 or a real answer, and comes in time.
            let firstRound = round
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await Task.sleep(for: .milliseconds(500))
                    await zooKeeper.kill()
                    try await Task.sleep(for: .seconds(2))
                    try await zooKeeper.restart()
                }
                group.addTask {
                    // Requests keep coming until the store has answered a whole round well for a while.
                    let until = ContinuousClock.now + .seconds(90)
                    var healthyRounds = 0
                    var round = firstRound
                    while healthyRounds < 3, ContinuousClock.now < until {
                        var healthy = true
                        for (call, answer, elapsed) in try await Self.sendAll(round: round, to: server) {
                            worst.record(call, "killed and restarted", elapsed)
                            let code = answer.json["code"] as? String
                            healthy = healthy && answer.status < 500
                            #expect(
                                answer.status < 500 || (answer.status == 503 && code == "STORAGE_UNAVAILABLE"),
                                "\(call) while restarting: \(answer.status) \(answer.text)")
                        }
                        healthyRounds = healthy ? healthyRounds + 1 : 0
                        round += 1
                    }
                    #expect(healthyRounds == 3, "the store did not come back")
                }
                try await group.waitForAll()
            }

            print(worst.report(timeout: Self.timeout))
            for (label, elapsed) in worst.all {
                #expect(elapsed <= Self.timeout + Self.margin, "\(label) took \(elapsed)")
            }
        }
    }

    // MARK: - Calls

    /// Sends one call of `round` and times it.
    static func send(_ call: Call, round: Int, to server: SecretsServer) async throws -> (HTTPExchange, Duration) {
        let start = ContinuousClock.now
        let answer: HTTPExchange
        switch call {
        case .get:
            answer = try await server.send("GET", "read")
        case .create:
            answer = try await server.write("created\(round)", text: "new")
        case .update:
            answer = try await server.write("PATCH", "patched", text: "r\(round)")
        case .delete:
            answer = try await server.send("DELETE", "deleted\(round % 40)")
        case .list:
            answer = try await server.send("GET", "?list=true")
        case .resolve:
            answer = try await HTTPExchange.send(
                "POST", server.process.baseURL + "/secrets/v1/resolve/default",
                headers: ["Authorization": "token=\(server.token)"],
                json: ["space": "/app", "secrets": ["app/one", "app/two"]])
        }
        return (answer, ContinuousClock.now - start)
    }

    /// Sends every call of `round` at once.
    static func sendAll(round: Int, to server: SecretsServer) async throws -> [(Call, HTTPExchange, Duration)] {
        try await withThrowingTaskGroup(of: (Call, HTTPExchange, Duration).self) { group in
            for call in Call.allCases {
                group.addTask {
                    let (answer, elapsed) = try await send(call, round: round, to: server)
                    return (call, answer, elapsed)
                }
            }
            var results: [(Call, HTTPExchange, Duration)] = []
            for try await result in group { results.append(result) }
            return results
        }
    }

    /// The slowest answer of each call in each phase.
    final class Worst: Sendable {
        private let slowest = Mutex<[String: Duration]>([:])

        func record(_ call: Call, _ phase: String, _ elapsed: Duration) {
            let label = "\(call.rawValue) \(phase)"
            slowest.withLock { $0[label] = max($0[label, default: .zero], elapsed) }
        }

        var all: [(String, Duration)] { slowest.withLock { $0.sorted { $0.key < $1.key } } }

        func report(timeout: Duration) -> String {
            let lines = all.map { label, elapsed in
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                return "  \(label): " + String(format: "%.2f s", seconds)
            }
            return "Slowest answers (operation timeout \(timeout)):\n" + lines.joined(separator: "\n")
        }
    }
}
