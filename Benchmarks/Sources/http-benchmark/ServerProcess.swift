import Foundation
import SecretStoreTesting

#if canImport(Glibc)
    import Glibc
#endif

/// The release `secret-store` binary as a child process on a free loopback port, with its standard
/// error in a log file. Stopped by pid: SIGTERM, then SIGKILL after 15 s.
final class ServerProcess {
    /// The server's pid (the binary runs directly, not through a shell).
    let pid: pid_t
    /// Its HTTP port on 127.0.0.1.
    let port: Int
    /// Where its standard error goes.
    let logPath: String
    private let process: Process

    private init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.pid = process.processIdentifier
        self.port = port
        self.logPath = logPath
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Whether the process still runs.
    var isRunning: Bool { process.isRunning }

    /// The last lines of its log.
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
    }

    /// Starts `binary --host 127.0.0.1 --port <free> <arguments>` and returns once `GET /ping`
    /// answers `pong`, at most 60 s later (bootstrap mode generates an RSA-4096 key first).
    static func start(binary: String, arguments: [String], logPath: String) async throws -> ServerProcess {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkFailure("no secret-store binary at \(binary) (give --server-binary)")
        }
        let port = try LoopbackTCP.unusedPort()
        let process = try ChildProcesses.start(
            binary: binary, arguments: ["--host", "127.0.0.1", "--port", String(port)] + arguments, logPath: logPath)
        let server = ServerProcess(process: process, port: port, logPath: logPath)

        let probe = SetupClient(baseURL: server.baseURL, connections: 1)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, server.isRunning {
            if let (status, body) = try? await probe.send("GET", "/ping"), status == 200,
                String(decoding: body, as: UTF8.self) == "pong"
            {
                return server
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = server.logTail
        await server.stop()
        throw BenchmarkFailure("secret-store did not answer /ping within 60 s; its log ends:\n\(tail)")
    }

    /// SIGTERM, up to 15 s to exit gracefully, then SIGKILL.
    func stop() async { await ChildProcesses.stop(process) }
}
