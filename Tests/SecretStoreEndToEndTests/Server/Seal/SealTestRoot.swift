import Foundation
import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeperStorage
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One fresh root on the shared test ZooKeeper on which a seal test starts, stops, restarts and
/// crashes `secret-store` processes (always at debug log level). Every process it started is
/// stopped by pid and its folder removed at the end, and the root is deleted.
final class SealTestRoot: Sendable {
    static let superuser = "bootstrapuser"

    let zooKeeper: ZooKeeperTestServer
    let root: String
    let password: String
    private let arguments: [String]
    private let started = Mutex<[SecretStoreServerProcess]>([])

    private init(zooKeeper: ZooKeeperTestServer, arguments: [String]) {
        self.zooKeeper = zooKeeper
        self.root = ZooKeeperFixture.uniqueRoot("seal")
        self.password = "bootstrap-\(UUID().uuidString)"
        self.arguments = arguments
    }

    /// Runs `body` with a fresh root whose servers get `arguments`, then stops everything.
    static func with(arguments: [String] = [], _ body: (SealTestRoot) async throws -> Void) async throws {
        let root = SealTestRoot(zooKeeper: try await ZooKeeperTestServer.shared(), arguments: arguments)
        let result: Result<Void, any Error>
        do {
            result = .success(try await body(root))
        } catch {
            result = .failure(error)
        }
        let servers = root.started.withLock { $0 }
        for server in servers { await server.terminate() }
        // Whatever the test did, no server logged any part of the bootstrap key (contract §3).
        if let stored = try? await root.storedValue("keys/bootstrap_user.key") {
            let material = bootstrapKeyMaterial(stored: String(decoding: stored, as: UTF8.self))
            #expect(material.count > 60, "the bootstrap key is too short to be one")
            for server in servers { expectLog(server.log, holdsNone: material) }
        }
        for server in servers { server.removeDirectory() }
        _ = try? await ZooKeeperFixture.withClient(root.zooKeeper) { client in
            await ZooKeeperFixture.deleteRecursively(root.root, client: client)
        }
        try result.get()
    }

    /// Starts one more server on this root, with `extra` arguments after the root's.
    func start(_ extra: [String] = []) async throws -> SecretStoreServerProcess {
        let server = try await SecretStoreServerProcess.start(
            arguments: [
                "--zookeeper", zooKeeper.connectString, "--zk-root", root, "--password-rounds", "1000",
                "--log-level", "debug",
            ] + arguments + extra,
            environment: ["SECRET_STORE_BOOTSTRAP_PASSWORD": password])
        started.withLock { $0.append(server) }
        return server
    }

    /// Starts a server and waits until it is unsealed; returns it with a superuser session.
    func startUnsealed() async throws -> SealClient {
        let client = try await SealClient(server: try await start(), password: password)
        try await client.server.waitForSealStatus(sealed: false, token: client.token)
        return client
    }

    /// Whether `server`'s log says `text` within `limit`: the server logs an event just after it
    /// happens, so a test that saw its effect may read the log a moment too early.
    func log(of server: SecretStoreServerProcess, says text: String, within limit: Duration = .seconds(5)) async throws
        -> Bool
    {
        let deadline = ContinuousClock.now + limit
        while !server.log.contains(text), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        return server.log.contains(text)
    }

    /// Kills `server` with SIGKILL, as a crash would, and waits for it to exit.
    func crash(_ server: SecretStoreServerProcess) async throws {
        let pid = try #require(Self.childPID(listeningOn: server.port), "no child process for port \(server.port)")
        #expect(kill(pid, SIGKILL) == 0)
        let status = await server.terminate()
        #expect(status == SIGKILL, "exit status \(status)")
    }

    /// The pid of this process's `secret-store` child started with `--port port`.
    private static func childPID(listeningOn port: Int) -> pid_t? {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let pid = pid_t(entry),
                let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")"),
                let parent = stat[stat.index(after: close)...].split(separator: " ").dropFirst().first,
                pid_t(parent) == me,
                let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
            else { continue }
            let words = cmdline.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            if let index = words.firstIndex(of: "--port"), words.dropFirst(index + 1).first == String(port) {
                return pid
            }
        }
        return nil
    }

    /// The value stored at `path` under this root, read straight from ZooKeeper.
    func storedValue(_ path: String) async throws -> [UInt8]? {
        try await ZooKeeperFixture.withClient(zooKeeper) { client in
            let storage = try await ZooKeeperStorage.open(client: client, root: root)
            return try await storage.read(try StorageKey(path))?.bytes
        }
    }
}

/// A server with a session: sends `/secrets/v1` and `/acs/api/v1` requests as some user.
struct SealClient: Sendable {
    let server: SecretStoreServerProcess
    let token: String

    init(server: SecretStoreServerProcess, token: String) {
        self.server = server
        self.token = token
    }

    /// Logs in as the bootstrap superuser.
    init(server: SecretStoreServerProcess, password: String) async throws {
        self.init(server: server, token: try await server.login(uid: SealTestRoot.superuser, password: password))
    }

    /// `method /secrets/v1<path>` with this session's token (`token: ""` sends none).
    @discardableResult
    func send(
        _ method: String, _ path: String, json: [String: Any]? = nil, token: String? = nil
    ) async throws -> HTTPExchange {
        let token = token ?? self.token
        return try await HTTPExchange.send(
            method, server.baseURL + "/secrets/v1" + path,
            headers: token.isEmpty ? [:] : ["Authorization": "token=\(token)"], json: json)
    }

    /// `GET /seal-status/default`, checked to be 200.
    func sealStatus() async throws -> [String: Any] {
        let answer = try await send("GET", "/seal-status/default")
        #expect(answer.status == 200, "\(answer.text)")
        return answer.json
    }

    /// Creates a text secret (201 expected).
    func create(_ path: String, _ value: String) async throws {
        let answer = try await send("PUT", "/secret/default/\(path)", json: ["value": value])
        #expect(answer.status == 201, "create \(path): \(answer.status) \(answer.text)")
    }

    /// The value of a text secret, or `nil` with the failure recorded.
    func value(_ path: String) async throws -> String? {
        let answer = try await send("GET", "/secret/default/\(path)")
        #expect(answer.status == 200, "read \(path): \(answer.status) \(answer.text)")
        return answer.json["value"] as? String
    }

    /// Expects `answer` to be an error with this status and code.
    static func expectError(
        _ answer: HTTPExchange, _ status: Int, _ code: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(answer.status == status, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.json["code"] as? String == code, "\(answer.text)", sourceLocation: sourceLocation)
        #expect(answer.headers["content-type"] == "application/json", sourceLocation: sourceLocation)
    }

    /// Polls the log until it contains `text`, at most `limit`.
    func waitForLog(_ text: String, within limit: Duration = .seconds(30)) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if server.log.contains(text) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    /// Expects the whole log to hold none of `secrets` (each with a label saying what it is).
    func expectLogHoldsNone(
        _ secrets: [(label: String, text: String)], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        expectLog(server.log, holdsNone: secrets, sourceLocation: sourceLocation)
    }
}
