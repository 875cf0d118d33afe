import ArgumentParser
import Foundation
import Logging
import SecretStoreTesting
import SecretStoreZooKeeper

/// The secret store over HTTP against the raw ZooKeeper C client, side by side in one run: `/ping`,
/// authenticated GET of a 1 KiB secret, PUT of new 1 KiB secrets, PUT and GET of a 1 MiB binary
/// secret (wrk, a fixed number of connections), the same ZooKeeper operations at the same number in
/// flight, and the server's resident memory with a given number of secrets stored.
///
/// It starts its own ZooKeeper (unless given one) and the release `secret-store` binary, and stops
/// both by pid at the end, on errors and on SIGINT/SIGTERM.
@main
struct HTTPBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-benchmark",
        abstract: "HTTP throughput of secret-store against raw ZooKeeper, and its resident memory.")

    @Option(help: "Seconds each wrk run lasts.")
    var duration = 10

    @Option(help: "Concurrent connections (wrk), and operations in flight (raw ZooKeeper).")
    var connections = 64

    @Option(
        name: .customLong("large-connections"),
        help: "Concurrent connections (wrk) and operations in flight (raw ZooKeeper) for the 1 MiB runs.")
    var largeConnections = 16

    @Option(help: "wrk threads.")
    var threads = 2

    @Option(help: "An external ZooKeeper, host:port; by default the benchmark starts its own on loopback.")
    var zookeeper: String?

    @Option(name: .customLong("server-binary"), help: "The secret-store binary to run (a release build).")
    var serverBinary = ".build/release/secret-store"

    @Option(name: .customLong("raw-count"), help: "Operations per raw ZooKeeper 1 KiB run.")
    var rawCount = 20_000

    @Option(name: .customLong("raw-large-count"), help: "Operations per raw ZooKeeper 1 MiB run.")
    var rawLargeCount = 200

    @Option(help: "Secrets stored when the server's resident memory is measured.")
    var stored = 10_000

    /// A store an operator would weigh instead, measured side by side in the same run.
    enum Peer: String, ExpressibleByArgument {
        /// etcd's JSON gateway (Debian's `etcd-server`), where Kubernetes keeps its secrets.
        case etcd
    }

    @Option(help: "A peer measured side by side on loopback: etcd (Debian's etcd-server, its default fsync).")
    var peer: Peer?

    @Option(
        name: .customLong("peer-rounds"),
        help:
            "With --peer: rounds of the store's and the peer's PUT in alternating order (ABBA), after the single runs.")
    var peerRounds = 4

    /// The bootstrap superuser the server creates and the benchmark logs in as.
    static let uid = "bench"

    func validate() throws {
        for (name, value) in [
            ("--duration", duration), ("--connections", connections), ("--large-connections", largeConnections),
            ("--threads", threads),
            ("--raw-count", rawCount), ("--raw-large-count", rawLargeCount), ("--stored", stored),
        ] where value < 1 {
            throw ValidationError("\(name) must be positive")
        }
        guard peerRounds >= 0 else { throw ValidationError("--peer-rounds must be 0 or more") }
        guard threads <= connections else { throw ValidationError("--threads must not exceed --connections") }
    }

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        ChildProcesses.stopOnInterrupt()
        var template = Array("/tmp/sshttpbench-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BenchmarkFailure("cannot create a temporary folder") }
        let directory = String(cString: made)
        // ZooKeeper keeps all data in its heap: the 1 MiB runs store about a gigabyte.
        let zooKeeperServer: ZooKeeperTestServer? =
            zookeeper == nil ? try await ZooKeeperTestServer.start(heapMegabytes: 3072, forceSync: true) : nil
        let hosts = zookeeper ?? zooKeeperServer?.connectString ?? ""
        let root = "/bench-http-\(UInt32.random(in: 0...UInt32.max))"

        var server: ServerProcess?
        var etcd: EtcdProcess?
        var client: ZooKeeperClient?
        let outcome: Result<Void, any Error>
        do {
            let zooKeeper = try await ZooKeeperClient.connect(ZooKeeperConfiguration(connectString: hosts))
            client = zooKeeper
            // The client's upkeep (session replacement, deadlines) runs while the benchmark does.
            try await zooKeeper.withUpkeep {
                let password = UUID().uuidString
                let passwordFile = directory + "/bootstrap-password"
                guard
                    FileManager.default.createFile(
                        atPath: passwordFile, contents: Data(password.utf8), attributes: [.posixPermissions: 0o600])
                else {
                    throw BenchmarkFailure("cannot write \(passwordFile)")
                }
                let started = try await ServerProcess.start(
                    binary: serverBinary,
                    arguments: [
                        "--zookeeper", hosts, "--zk-root", root + "/store", "--bootstrap-uid", Self.uid,
                        "--bootstrap-password-file", passwordFile, "--password-rounds", "1000", "--log-level",
                        "warning",
                        // Throughput, not the capacity budget, is measured here: the 1 MiB runs store about
                        // a gigabyte (in a 3 GB heap, past the sizing rule), and the PUT runs create
                        // secrets for as long as they last.
                        "--max-store-bytes", String(4 << 30), "--max-secrets", "100000000",
                    ],
                    logPath: directory + "/secret-store.log")
                server = started
                if peer == .etcd { etcd = try await EtcdProcess.start(directory: directory) }
                print(
                    "SecretStore HTTP benchmark: \(connections) connections, \(largeConnections) for 1 MiB"
                        + " (wrk, \(threads) threads, \(duration) s a run)")
                print(
                    "against raw ZooKeeper at the same numbers in flight (\(rawCount) × 1 KiB, \(rawLargeCount) × 1 MiB);"
                        + " ZooKeeper \(hosts)"
                        + (zooKeeperServer == nil ? "" : " (started here, forceSync=yes as in production)")
                        + "; \(ProcessInfo.processInfo.activeProcessorCount) cores")
                if let etcd { print("peer: etcd \(etcd.baseURL), its defaults (an fsync per write)") }
                print("")
                let wrk = Wrk(
                    connections: connections, threads: threads, durationSeconds: duration, directory: directory)
                let raw = RawZooKeeper(hosts: hosts, root: root + "/raw", client: zooKeeper, inFlight: connections)
                let largeWrk = Wrk(
                    connections: largeConnections, threads: min(threads, largeConnections), durationSeconds: duration,
                    directory: directory)
                var largeRaw = raw
                largeRaw.inFlight = largeConnections
                try await measure(
                    started, password: password, wrk: wrk, raw: raw, largeRuns: (largeWrk, largeRaw), etcd: etcd,
                    storeRoot: root + "/store")
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }

        if case .failure = outcome, let server {
            print("secret-store's log (\(server.logPath)) ends:\n\(server.logTail)")
        }
        if case .failure = outcome, let etcd { print("etcd's log (\(etcd.logPath)) ends:\n\(etcd.logTail)") }
        await server?.stop()
        await etcd?.stop()
        if let client, zooKeeperServer == nil {
            // An external ZooKeeper keeps what it was given; a started one is thrown away whole.
            print("removing \(root) from \(hosts)")
            try? await client.withUpkeep { await ZooKeeperFixture.deleteRecursively(root, client: client) }
        }
        client?.close()
        await zooKeeperServer?.shutdown()
        if case .success = outcome { try? FileManager.default.removeItem(atPath: directory) }
        // Before ArgumentParser writes the error to standard error, when both go to one pipe.
        fflush(nil)
        try outcome.get()
    }
}
