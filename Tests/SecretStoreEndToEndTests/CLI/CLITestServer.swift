import Foundation
import SecretStoreTesting
import Testing

/// A `secret-store` process on the shared test ZooKeeper, under a root of its own, with a bootstrap
/// superuser whose password is random, and the `secrets` executable run against it. Every run is
/// checked for the leaks a CLI must never have: the password in its arguments or output, the saved
/// token on its standard output.
struct CLITestServer {
    /// One run of `secrets`.
    struct Run {
        /// The exit status.
        var status: Int32
        /// What it printed on standard output, as text (invalid UTF-8 replaced).
        var stdout: String
        /// What it printed on standard output, byte for byte.
        var stdoutBytes: Data
        /// What it printed on standard error.
        var stderr: String
        /// The signal that ended it, if one did (then `status` is meaningless).
        var signal: Int32?
    }

    /// Variables of the test process's environment that change what `secrets exec` does: never
    /// passed on unless a test sets them.
    static let launcherVariables = [
        "DCOS_SERVICE_ACCOUNT_CREDENTIAL", "SECRETS_TOKEN", "MESOS_SANDBOX", "DCOS_SPACE", "MARATHON_APP_ID",
    ]

    /// The bootstrap superuser.
    static let superuser = "bootstrapuser"

    /// The server process.
    let server: SecretStoreServerProcess
    /// The server's root znode on the shared test ZooKeeper.
    let zooKeeperRoot: String
    /// The bootstrap superuser's password.
    let superuserPassword: String

    /// A folder for this test's files, removed with the server's.
    var directory: String { server.directory + "/cli" }
    /// The configuration file the CLI uses by default (`SECRETS_CONFIG`); its folder does not exist at first.
    var configPath: String { directory + "/config/config.json" }

    /// Starts a server, runs `body` against it, then stops the server and removes its folder.
    static func with(_ body: (CLITestServer) async throws -> Void) async throws {
        let password = "bootstrap-\(UUID().uuidString)"
        let root = ZooKeeperFixture.uniqueRoot("server")
        try await SecretStoreServerProcess.withCluster(bootstrapPassword: password, root: root) { servers in
            let harness = CLITestServer(server: servers[0], zooKeeperRoot: root, superuserPassword: password)
            try FileManager.default.createDirectory(atPath: harness.directory, withIntermediateDirectories: true)
            try await body(harness)
        }
    }

    private init(server: SecretStoreServerProcess, zooKeeperRoot: String, superuserPassword: String) {
        self.server = server
        self.zooKeeperRoot = zooKeeperRoot
        self.superuserPassword = superuserPassword
    }

    /// Writes `text` to a new file in the test folder, mode 0600, and returns its path.
    func file(_ name: String, _ text: String) throws -> String {
        try file(name, bytes: Data(text.utf8))
    }

    /// Writes `bytes` to a new file in the test folder, mode 0600, and returns its path.
    func file(_ name: String, bytes: Data) throws -> String {
        let path = directory + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: bytes, attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        return path
    }

    /// Runs `secrets arguments` and expects exit status 0; `confidential` must appear in no output.
    @discardableResult
    func succeeded(_ arguments: [String], stdin: String? = nil, confidential: [String] = []) async throws -> Run {
        let run = try await secrets(arguments, stdin: stdin, secrets: confidential)
        #expect(run.status == 0, "secrets \(arguments.joined(separator: " ")): \(run.stderr)")
        return run
    }

    /// The `secrets` binary with `arguments`, `SECRETS_CONFIG` set to `configPath`, the test's
    /// environment without `SECRETS_URL` and the launcher's variables, and `extra` over it.
    func secretsProcess(_ arguments: [String], environment extra: [String: String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: SecretStoreServerProcess.secretsBinaryPath)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SECRETS_CONFIG"] = configPath
        environment.removeValue(forKey: "SECRETS_URL")
        for name in Self.launcherVariables { environment.removeValue(forKey: name) }
        environment.merge(extra) { _, new in new }
        process.environment = environment
        return process
    }

    /// Runs `secrets arguments` with `stdin` as its standard input, `SECRETS_CONFIG` set to
    /// `configPath` and `environment` over the test's own, at most 60 s. Checks that no password of
    /// `secrets` appears in the arguments or the output and that no token appears on standard output.
    func secrets(
        _ arguments: [String], stdin: String? = nil, secrets: [String] = [], environment extra: [String: String] = [:]
    ) async throws -> Run {
        let confidential = [superuserPassword] + secrets
        for secret in confidential {
            #expect(!arguments.contains { $0.contains(secret) }, "a password is in the arguments")
        }
        let run = UUID().uuidString
        let outPath = directory + "/\(run).out"
        let errPath = directory + "/\(run).err"
        for path in [outPath, errPath] { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        defer { for path in [outPath, errPath] { try? FileManager.default.removeItem(atPath: path) } }
        let process = secretsProcess(arguments, environment: extra)
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        if let stdin {
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: try file("\(run).in", stdin)))
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(60)
        while process.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            Issue.record("secrets \(arguments.first ?? "") did not finish within 60 s")
        }
        // Standard output may be a binary secret's bytes: read it as data, never as strict UTF-8.
        let output = try Data(contentsOf: URL(fileURLWithPath: outPath))
        let result = Run(
            status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stdoutBytes: output,
            stderr: try String(contentsOfFile: errPath, encoding: .utf8),
            signal: process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil)
        for secret in confidential {
            #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret), "a password was printed")
        }
        if let token = savedConfiguration()?["token"] as? String {
            #expect(!result.stdout.contains(token), "the token was printed")
        }
        return result
    }

    /// Logs in as the bootstrap superuser through the CLI (password on standard input).
    func logInAsSuperuser() async throws {
        let run = try await secrets(
            ["login", "--url", server.baseURL, "--uid", Self.superuser, "--password-stdin"],
            stdin: superuserPassword + "\n")
        #expect(run.status == 0, "\(run.stderr)")
    }

    /// The JSON object in the configuration file, if there is one.
    func savedConfiguration(at path: String? = nil) -> [String: Any]? {
        guard let data = FileManager.default.contents(atPath: path ?? configPath) else { return nil }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
    }

    /// Calls the API directly with the token saved in the configuration file.
    func api(_ method: String, _ path: String, token: String? = nil) async throws -> HTTPExchange {
        let token = token ?? (savedConfiguration()?["token"] as? String) ?? ""
        return try await HTTPExchange.send(method, server.baseURL + path, headers: ["Authorization": "token=\(token)"])
    }
}
