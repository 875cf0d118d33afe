import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `secret-store` executable of this build, run as a child process on a free loopback port:
/// for end-to-end tests over a real socket. Its standard error goes to `logPath`.
public final class SecretStoreServerProcess: Sendable {
    /// The HTTP port it listens on.
    public let port: Int
    /// The HTTPS port it listens on (unless started in security mode `disabled`).
    public let httpsPort: Int
    /// A temporary folder for its log (and anything else a test wants to keep next to it).
    public let directory: String
    private let process: Mutex<Process>

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// `https://127.0.0.1:<https port>`.
    public var httpsBaseURL: String { "https://127.0.0.1:\(httpsPort)" }
    /// Where its standard error goes.
    public var logPath: String { directory + "/secret-store.log" }

    private init(port: Int, httpsPort: Int, directory: String, process: Process) {
        self.port = port
        self.httpsPort = httpsPort
        self.directory = directory
        self.process = Mutex(process)
    }

    /// The built `secret-store` binary: next to the test bundle, or `SECRET_STORE_BINARY`.
    public static var binaryPath: String {
        ProcessInfo.processInfo.environment["SECRET_STORE_BINARY"] ?? builtExecutable("secret-store")
    }

    /// The built `secrets` command-line client: next to the test bundle, or `SECRETS_BINARY`.
    public static var secretsBinaryPath: String {
        ProcessInfo.processInfo.environment["SECRETS_BINARY"] ?? builtExecutable("secrets")
    }

    private static func builtExecutable(_ name: String) -> String {
        // `swift build --build-tests` puts the executables beside the test bundle.
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = testBinary.deletingLastPathComponent()
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        return directory.appendingPathComponent(name).path
    }

    /// Starts `secret-store --port <free> --https-port <free> --tls-dir <its folder>/tls <arguments>`
    /// and waits until `GET /ping` answers, at most 60 s.
    /// A port found free can be taken before the server binds it (by another test's connection, whose
    /// local port the kernel picks from the same range): the launch is then retried on a new port.
    /// With `descriptorSoftLimit` it starts under that soft `RLIMIT_NOFILE` (as a service manager
    /// would start it), through `sh -c 'ulimit -S -n N && exec ...'`: the same process id.
    public static func start(
        arguments: [String], environment: [String: String] = [:], descriptorSoftLimit: Int? = nil
    ) async throws -> SecretStoreServerProcess {
        for _ in 0..<4 {
            do {
                return try await launch(
                    arguments: arguments, environment: environment, descriptorSoftLimit: descriptorSoftLimit)
            } catch let error as LaunchFailure where error.log.contains("Address already in use") {
                continue
            }
        }
        return try await launch(
            arguments: arguments, environment: environment, descriptorSoftLimit: descriptorSoftLimit)
    }

    /// Why a launch failed: the server's log.
    struct LaunchFailure: Error, CustomStringConvertible {
        var log: String
        var description: String { "secret-store did not start:\n\(log)" }
    }

    private static func launch(
        arguments: [String], environment: [String: String], descriptorSoftLimit: Int?
    ) async throws -> SecretStoreServerProcess {
        var template = Array("/tmp/ssproc-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw CocoaError(.fileWriteUnknown) }
        let directory = String(cString: made)
        TestProcessRegistry.register(dataDirectory: directory)
        let port = try TestProcessRegistry.reservePort()
        let httpsPort = try TestProcessRegistry.reservePort()
        let process = Process()
        // A test that restarts a server on the same machine state passes its own --tls-dir.
        let tlsDirectory = arguments.contains("--tls-dir") ? [] : ["--tls-dir", directory + "/tls"]
        let serverArguments =
            ["--host", "127.0.0.1", "--port", String(port), "--https-port", String(httpsPort)] + tlsDirectory
            + arguments
        if let descriptorSoftLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "ulimit -S -n \(descriptorSoftLimit) && exec \"$0\" \"$@\"", binaryPath] + serverArguments
        } else {
            process.executableURL = URL(fileURLWithPath: binaryPath)
            process.arguments = serverArguments
        }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        guard FileManager.default.createFile(atPath: directory + "/secret-store.log", contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: directory + "/secret-store.log"))
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        TestProcessRegistry.launched(pid: process.processIdentifier, dataDirectory: directory)
        let server = SecretStoreServerProcess(port: port, httpsPort: httpsPort, directory: directory, process: process)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            guard server.isRunning else { break }
            if await server.answersPing() { return server }
            try await Task.sleep(for: .milliseconds(100))
        }
        let log = server.log
        await server.terminate()
        server.removeDirectory()
        throw LaunchFailure(log: log)
    }

    /// Its process id.
    public var processIdentifier: Int32 { process.withLock { $0.processIdentifier } }

    /// Whether the process is still running.
    public var isRunning: Bool { process.withLock { $0.isRunning } }

    /// What it wrote to standard error so far.
    public var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends SIGTERM and waits for it to exit, at most `limit`, then SIGKILL. Returns the exit status
    /// (for a process that died of a signal, the signal number, as `Process` reports it).
    @discardableResult
    public func terminate(within limit: Duration = .seconds(15)) async -> Int32 {
        let pid = process.withLock { $0.processIdentifier }
        if isRunning { _ = kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + limit
        while isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if isRunning {
            _ = kill(pid, SIGKILL)
            while isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }
        TestProcessRegistry.exited(dataDirectory: directory)
        TestProcessRegistry.releasePort(port)
        TestProcessRegistry.releasePort(httpsPort)
        return process.withLock { $0.terminationStatus }
    }

    /// Removes its folder; call after `terminate`.
    public func removeDirectory() {
        TestProcessRegistry.unregister(dataDirectory: directory)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Whether plain HTTP answers `GET /ping`: `pong`, or in security mode `strict` a redirect.
    func answersPing() async -> Bool {
        guard let connection = try? await RawTCPConnection.open(port: port, within: .seconds(1)) else { return false }
        defer { connection.close() }
        guard await connection.send("GET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n") else {
            return false
        }
        let answer = String(decoding: await connection.receive(within: .seconds(2)).bytes, as: UTF8.self)
        return answer.hasSuffix("\r\n\r\npong") || answer.hasPrefix("HTTP/1.1 307")
    }

    /// A plain HTTP GET over a real socket: status, `Content-Type` and body.
    public func get(_ path: String) async throws -> (status: Int, contentType: String?, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: baseURL + path)!)
        let http = response as? HTTPURLResponse
        return (
            http?.statusCode ?? 0, http?.value(forHTTPHeaderField: "Content-Type"),
            String(decoding: data, as: UTF8.self)
        )
    }
}

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
