import SecretStoreTesting

extension SecretsServer {
    /// Starts a ZooKeeper server of the test's own and a `secret-store` on it (bootstrap mode, a
    /// 2 s operation timeout, a fresh root named after `root`, then `arguments`), waits until the
    /// store is unsealed, runs `body`, then stops both by pid. A paused ZooKeeper is resumed first,
    /// so that the server can stop gracefully.
    static func withOwnZooKeeper(
        root: String, arguments: [String] = [], _ body: (ZooKeeperTestServer, SecretsServer) async throws -> Void
    ) async throws {
        let zooKeeper = try await ZooKeeperTestServer.start()
        var process: SecretStoreServerProcess?
        let result: Result<Void, any Error>
        do {
            let started = try await SecretStoreServerProcess.start(
                arguments: [
                    "--zookeeper", zooKeeper.connectString, "--zk-root", ZooKeeperFixture.uniqueRoot(root),
                    "--password-rounds", "1000", "--zk-operation-timeout", "2",
                ] + arguments,
                environment: ["SECRET_STORE_BOOTSTRAP_PASSWORD": password])
            process = started
            result = .success(try await body(zooKeeper, try await ready(started)))
        } catch {
            result = .failure(error)
        }
        zooKeeper.resume()
        if let process {
            await process.terminate()
            process.removeDirectory()
        }
        await zooKeeper.shutdown()
        try result.get()
    }
}
