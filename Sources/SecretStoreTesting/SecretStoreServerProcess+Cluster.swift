extension SecretStoreServerProcess {
    /// Starts `count` servers sharing one root on the shared test ZooKeeper (a fresh one unless
    /// `root` names it, for a test that reads what the servers store), with cheap password hashing
    /// and the bootstrap superuser `bootstrapuser` whose password is `bootstrapPassword`; runs
    /// `body`; then stops every server by pid and removes its folder, whether `body` succeeded or not.
    public static func withCluster(
        _ count: Int = 1, bootstrapPassword: String, root: String = ZooKeeperFixture.uniqueRoot("server"),
        arguments: [String] = [], _ body: ([SecretStoreServerProcess]) async throws -> Void
    ) async throws {
        let zooKeeper = try await ZooKeeperTestServer.shared()
        var servers: [SecretStoreServerProcess] = []
        let result: Result<Void, any Error>
        do {
            for _ in 0..<count {
                servers.append(
                    try await start(
                        arguments: [
                            "--zookeeper", zooKeeper.connectString, "--zk-root", root, "--password-rounds", "1000",
                        ]
                            + arguments,
                        environment: ["SECRET_STORE_BOOTSTRAP_PASSWORD": bootstrapPassword]))
            }
            result = .success(try await body(servers))
        } catch {
            result = .failure(error)
        }
        for server in servers {
            await server.terminate()
            server.removeDirectory()
        }
        try result.get()
    }
}
