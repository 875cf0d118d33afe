extension SecretStoreServerProcess {
    /// Starts `count` servers sharing one root on the shared test ZooKeeper (a fresh one unless
    /// `root` names it, for a test that reads what the servers store), with cheap password hashing
    /// and the bootstrap superuser `bootstrapuser` whose password is `bootstrapPassword`; runs
    /// `body`; then stops every server by pid and removes its folder, whether `body` succeeded or not.
    /// In bootstrap mode (the default unless `arguments` say `--unseal-mode custom`) `body` runs once
    /// every server has unsealed itself, unless `awaitUnsealed` is `false`. `zooKeeper` replaces the
    /// shared test ZooKeeper.
    public static func withCluster(
        _ count: Int = 1, bootstrapPassword: String, root: String = ZooKeeperFixture.uniqueRoot("server"),
        arguments: [String] = [], awaitUnsealed: Bool = true, zooKeeper: ZooKeeperTestServer? = nil,
        _ body: ([SecretStoreServerProcess]) async throws -> Void
    ) async throws {
        let zooKeeper = try await Self.zooKeeper(zooKeeper)
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
            if awaitUnsealed, !arguments.joined(separator: " ").contains("--unseal-mode custom") {
                for server in servers {
                    let token = try await server.login(uid: "bootstrapuser", password: bootstrapPassword)
                    try await server.waitForSealStatus(sealed: false, token: token)
                }
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

    private static func zooKeeper(_ given: ZooKeeperTestServer?) async throws -> ZooKeeperTestServer {
        if let given { return given }
        return try await ZooKeeperTestServer.shared()
    }
}
