import Foundation
import Logging
import SecretStoreCore
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage

/// Clients and storages on a test ZooKeeper server, each test under its own root znode.
public enum ZooKeeperFixture {
    /// How a test client connects to `server`: short timeouts suited to tests.
    public static func configuration(
        _ server: ZooKeeperTestServer, credentials: ZooKeeperDigestCredentials? = nil,
        sessionTimeout: Duration = .seconds(6), operationTimeout: Duration = .seconds(10)
    ) -> ZooKeeperConfiguration {
        ZooKeeperConfiguration(
            connectString: server.connectString, sessionTimeout: sessionTimeout,
            operationTimeout: operationTimeout, connectTimeout: .seconds(20), credentials: credentials)
    }

    /// Runs `body` with a running client of `server` (see `ZooKeeperClient.withConnection`): it
    /// replaces expired sessions and enforces deadlines until `body` returns, then it is closed.
    public static func withClient<R: Sendable>(
        _ server: ZooKeeperTestServer, credentials: ZooKeeperDigestCredentials? = nil,
        sessionTimeout: Duration = .seconds(6), operationTimeout: Duration = .seconds(10),
        isolation: isolated (any Actor)? = #isolation, _ body: (ZooKeeperClient) async throws -> R
    ) async throws -> R {
        try await ZooKeeperClient.withConnection(
            configuration(
                server, credentials: credentials, sessionTimeout: sessionTimeout, operationTimeout: operationTimeout),
            logger: Logger(label: "test.zookeeper"), isolation: isolation, body)
    }

    /// A root znode no other test uses.
    public static func uniqueRoot(_ label: String = "t") -> String {
        "/sstest-\(label)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Runs `body` with a storage under a fresh root on `server` (the shared server by default), its
    /// client running, then removes the root and closes the client, whether `body` succeeded or not.
    public static func withStorage<R: Sendable>(
        on server: ZooKeeperTestServer? = nil, credentials: ZooKeeperDigestCredentials? = nil,
        isolation: isolated (any Actor)? = #isolation, _ body: (ZooKeeperStorage) async throws -> R
    ) async throws -> R {
        let requested = server
        let server: ZooKeeperTestServer
        if let requested { server = requested } else { server = try await ZooKeeperTestServer.shared() }
        return try await withClient(server, credentials: credentials, isolation: isolation) { client in
            let root = uniqueRoot()
            let result: Result<R, any Error>
            do {
                let storage = try await ZooKeeperStorage.open(client: client, root: root)
                result = .success(try await body(storage))
            } catch {
                result = .failure(error)
            }
            await deleteRecursively(root, client: client)
            return try result.get()
        }
    }

    /// Runs `body` with a fresh root znode (`uniqueRoot(label)`) that `client` creates first and
    /// removes afterwards, whether `body` succeeded or not.
    public static func withRoot(
        _ label: String, client: ZooKeeperClient, isolation: isolated (any Actor)? = #isolation,
        _ body: (String) async throws -> Void
    ) async throws {
        let root = uniqueRoot(label)
        try await client.create(root, data: [])
        do { try await body(root) } catch {
            await deleteRecursively(root, client: client)
            throw error
        }
        await deleteRecursively(root, client: client)
    }

    /// The code a ZooKeeper call failed with, `nil` when it succeeded; `.systemError` for an error
    /// that is not a `ZooKeeperError`, so that it never passes for a success.
    public static func errorCode(of body: () async throws -> Void) async -> ZooKeeperError.Code? {
        do {
            try await body()
            return nil
        } catch let error as ZooKeeperError {
            return error.code
        } catch {
            return .systemError
        }
    }

    /// Deletes `path` and everything below it. Best effort: a test server is thrown away anyway.
    public static func deleteRecursively(_ path: String, client: ZooKeeperClient) async {
        let children = (try? await client.children(path)) ?? []
        for child in children { await deleteRecursively(path + "/" + child, client: client) }
        try? await client.delete(path, version: -1)
    }
}
