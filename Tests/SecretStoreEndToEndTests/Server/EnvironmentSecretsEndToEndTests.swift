import Foundation
import SecretStoreTesting
import Testing

/// Secrets given to the built `secret-store` in its environment must not stay readable in
/// `/proc/<pid>/environ` (by the server's user and root) for the server's whole life.
@Suite("Environment secrets end to end", .timeLimit(.minutes(3)))
struct EnvironmentSecretsEndToEndTests {
    /// Every process's environment this test can read, by pid.
    static func environments() -> [(pid: String, bytes: Data)] {
        let pids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return pids.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            FileManager.default.contents(atPath: "/proc/\(pid)/environ").map { (pid, $0) }
        }
    }

    @Test func theBootstrapPasswordAndZooKeeperCredentialsLeaveTheEnvironmentOnceRead() async throws {
        // Unique values, so that finding one anywhere can only mean this server leaked it.
        let password = "bootstrap-\(UUID().uuidString)"
        let zooKeeperPassword = "digest-\(UUID().uuidString)"
        let zooKeeper = try await ZooKeeperTestServer.shared()
        let server = try await SecretStoreServerProcess.start(
            arguments: [
                "--zookeeper", zooKeeper.connectString, "--zk-root", ZooKeeperFixture.uniqueRoot("environ"),
                "--password-rounds", "1000",
            ],
            environment: [
                "SECRET_STORE_BOOTSTRAP_PASSWORD": password,
                "SECRET_STORE_ZK_CREDENTIALS": "secret-store:\(zooKeeperPassword)",
            ])
        let result: Result<Void, any Error>
        do {
            // The password works, and the credentials do: the store initialised itself (gpg ran as
            // a child of the server) and a secret goes through ZooKeeper and back.
            let token = try await server.login(uid: "bootstrapuser", password: password)
            try await server.waitForSealStatus(sealed: false, token: token)
            let auth = ["Authorization": "token=\(token)"]
            let url = server.baseURL + "/secrets/v1/secret/default/environ/check"
            #expect(try await HTTPExchange.send("PUT", url, headers: auth, json: ["value": "v"]).status == 201)
            #expect(try await HTTPExchange.send("GET", url, headers: auth).json["value"] as? String == "v")

            let own = try #require(FileManager.default.contents(atPath: "/proc/\(server.processIdentifier)/environ"))
            #expect(own.range(of: Data("PATH=".utf8)) != nil, "the rest of the environment is kept")
            for (pid, environment) in Self.environments() {
                for (name, secret) in [("bootstrap password", password), ("ZooKeeper password", zooKeeperPassword)] {
                    #expect(
                        environment.range(of: Data(secret.utf8)) == nil,
                        "the \(name) is in /proc/\(pid)/environ (the server is \(server.processIdentifier))")
                }
            }
            result = .success(())
        } catch {
            result = .failure(error)
        }
        await server.terminate()
        server.removeDirectory()
        try result.get()
    }
}
