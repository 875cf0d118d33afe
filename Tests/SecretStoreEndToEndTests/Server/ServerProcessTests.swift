import SecretStoreTesting
import Testing

/// The built `secret-store` executable, over a real socket, against a real ZooKeeper.
@Suite("secret-store process", .timeLimit(.minutes(3)))
struct ServerProcessTests {
    /// ZooKeeper's count of live sessions, from its `mntr` four-letter word.
    func liveSessions(_ zooKeeper: ZooKeeperTestServer) async throws -> Int? {
        let report = try await zooKeeper.fourLetterWord("mntr")
        let line = report.split(separator: "\n").first { $0.hasPrefix("zk_global_sessions") }
        return line?.split(separator: "\t").last.flatMap { Int($0) }
    }

    @Test func servesPingAndStopsCleanlyOnSIGTERM() async throws {
        try await ZooKeeperTestServer.withDedicated { zooKeeper in
            let server = try await SecretStoreServerProcess.start(
                arguments: ["--zookeeper", zooKeeper.connectString, "--zk-root", "/process-test"])
            let ping = try await server.get("/secrets/v1/ping")
            #expect(ping.status == 200)
            #expect(ping.body == "pong")
            #expect(ping.contentType == "text/plain")
            #expect(try await liveSessions(zooKeeper) == 1)

            let status = await server.terminate()
            #expect(status == 0, "exit status \(status); log:\n\(server.log)")
            #expect(server.log.contains("ZooKeeper session closed"), "log:\n\(server.log)")
            #expect(server.log.contains("secret-store stopped"), "log:\n\(server.log)")
            // The session was closed, not left for ZooKeeper to expire after its timeout.
            #expect(try await liveSessions(zooKeeper) == 0)
            server.removeDirectory()
        }
    }

    @Test func refusesToStartWithoutZooKeeperAndSaysWhy() async throws {
        let failure = await #expect(throws: (any Error).self) {
            _ = try await SecretStoreServerProcess.start(
                arguments: ["--zookeeper", "127.0.0.1:1", "--zk-connect-timeout", "1"])
        }
        #expect(
            "\(failure.map { String(describing: $0) } ?? "")".contains("cannot connect to ZooKeeper at 127.0.0.1:1"))
    }
}
