import Foundation
import SecretStoreTesting

/// The peer an operator would weigh instead: etcd (Debian's `etcd-server`), the store Kubernetes
/// keeps its secrets in, as one member on free loopback ports with its data in a folder of its own
/// and its defaults (an fsync of its write-ahead log per write). Its JSON gateway (`/v3/kv/...`)
/// is what the benchmark measures. Stopped by pid.
final class EtcdProcess {
    /// Its client port on 127.0.0.1.
    let port: Int
    /// Where its standard error goes.
    let logPath: String
    private let process: Process

    private init(process: Process, port: Int, logPath: String) {
        self.process = process
        self.port = port
        self.logPath = logPath
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The last lines of its log.
    var logTail: String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).joined(separator: "\n")
    }

    /// The binary the Debian package installs.
    static let binary = "/usr/bin/etcd"

    /// Starts etcd with its data in `directory/etcd` and returns once `GET /health` says it is
    /// healthy (it has a leader), at most 60 s later.
    static func start(directory: String) async throws -> EtcdProcess {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw BenchmarkFailure("no etcd at \(binary): apt-get install etcd-server")
        }
        let port = try LoopbackTCP.unusedPort()
        let peerPort = try LoopbackTCP.unusedPort()
        let client = "http://127.0.0.1:\(port)"
        let peer = "http://127.0.0.1:\(peerPort)"
        let logPath = directory + "/etcd.log"
        let process = try ChildProcesses.start(
            binary: binary,
            arguments: [
                "--name", "bench", "--data-dir", directory + "/etcd", "--listen-client-urls", client,
                "--advertise-client-urls", client, "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "bench=\(peer)", "--logger", "zap", "--log-level", "warn",
            ],
            logPath: logPath)
        let etcd = EtcdProcess(process: process, port: port, logPath: logPath)
        let probe = SetupClient(baseURL: etcd.baseURL, connections: 1)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, process.isRunning {
            if let (status, body) = try? await probe.send("GET", "/health"), status == 200,
                String(decoding: body, as: UTF8.self).contains("\"true\"")
            {
                return etcd
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let tail = etcd.logTail
        await etcd.stop()
        throw BenchmarkFailure("etcd was not healthy within 60 s; its log ends:\n\(tail)")
    }

    /// Stores `value` at `key` (`POST /v3/kv/put`).
    func put(_ key: String, _ value: [UInt8]) async throws {
        let client = SetupClient(baseURL: baseURL, connections: 1)
        let (status, body) = try await client.send(
            "POST", "/v3/kv/put",
            json: ["key": Data(key.utf8).base64EncodedString(), "value": Data(value).base64EncodedString()])
        guard status == 200 else {
            throw BenchmarkFailure("etcd put of \(key): \(status) \(String(decoding: body, as: UTF8.self))")
        }
    }

    /// SIGTERM, up to 15 s to exit gracefully, then SIGKILL.
    func stop() async { await ChildProcesses.stop(process) }
}
