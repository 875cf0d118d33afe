import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A real ZooKeeper server on 127.0.0.1 for tests: a standalone `java` process of the system's
/// ZooKeeper package, with its own free port and a data directory under `/tmp/sszk-XXXXXX`.
///
/// Use ``shared()`` for tests that only need a server (each under its own root znode), and
/// ``start()`` for a dedicated server that a test stops, kills or restarts; such a test calls
/// ``shutdown()`` at its end. Whatever a test forgets, no server outlives the test process: every
/// server is recorded in a process-wide registry whose `atexit` handler kills the ones still
/// running and removes their data. Only a test process that dies of a signal skips that handler;
/// `scripts/test.sh` catches those leftovers.
///
/// One server's methods are not meant to be called from several tasks at once.
public final class ZooKeeperTestServer: Sendable {
    /// The client port, on 127.0.0.1.
    public let port: Int
    /// The server's own folder: `zoo.cfg`, `zookeeper.log` and the ZooKeeper data in `data/`.
    public let dataDirectory: String
    /// The connect string for a ZooKeeper client: `127.0.0.1:port`.
    public var connectString: String { "127.0.0.1:\(port)" }

    private struct State {
        var process: Process?
        var isShutDown = false
    }
    private let state = Mutex(State())
    /// The shared server's start: callers that come while the first one starts it wait for it.
    private enum SharedServer {
        case none
        case starting(waiters: [CheckedContinuation<ZooKeeperTestServer?, any Error>])
        case started(ZooKeeperTestServer)
    }
    private static let sharedServer = Mutex(SharedServer.none)

    /// The server's Java heap: ZooKeeper keeps all data in memory.
    public let heapMegabytes: Int
    /// Whether it syncs its log to disk before acknowledging a write (production's default).
    public let forceSync: Bool

    private init(port: Int, dataDirectory: String, heapMegabytes: Int, forceSync: Bool) {
        self.port = port
        self.dataDirectory = dataDirectory
        self.heapMegabytes = heapMegabytes
        self.forceSync = forceSync
    }

    /// Starts a dedicated server on a free port with an empty data directory, and returns once it
    /// answers `ruok` with `imok` and serves requests (within 30 s, or it throws with the tail of
    /// the server's log). ZooKeeper holds all data in its heap: tests fit in the default 256 MiB,
    /// benchmarks that store hundreds of megabytes need more. Tests run with `forceSync=no`;
    /// benchmarks ask for production's `forceSync=yes`.
    public static func start(heapMegabytes: Int = 256, forceSync: Bool = false) async throws -> ZooKeeperTestServer {
        var attempt = 0
        while true {
            attempt += 1
            let port = try TestProcessRegistry.reservePort()
            let dataDirectory: String
            do {
                dataDirectory = try makeDataDirectory()
            } catch {
                TestProcessRegistry.releasePort(port)
                throw error
            }
            let server = ZooKeeperTestServer(
                port: port, dataDirectory: dataDirectory, heapMegabytes: heapMegabytes, forceSync: forceSync)
            TestProcessRegistry.register(dataDirectory: dataDirectory)
            do {
                try await server.launch()
                return server
            } catch let error as ZooKeeperTestServerError where error.code == .addressInUse && attempt < 5 {
                // Another process took the port between our probe and the server's bind: try a new one.
                await server.shutdown()
            } catch {
                await server.shutdown()
                throw error
            }
        }
    }

    /// Runs `body` with a dedicated server (see ``start(heapMegabytes:)``), for tests that stop,
    /// kill or pause it, and shuts it down afterwards whether `body` succeeded or not.
    public static func withDedicated<R: Sendable>(
        heapMegabytes: Int = 256, _ body: (ZooKeeperTestServer) async throws -> R
    ) async throws -> R {
        let server = try await start(heapMegabytes: heapMegabytes)
        let result: Result<R, any Error>
        do { result = .success(try await body(server)) } catch { result = .failure(error) }
        await server.shutdown()
        return try result.get()
    }

    /// The server all tests of this process share, started by the first call (in its task); concurrent
    /// first calls wait for that one start. Tests must not stop it: it lives until the process exits.
    public static func shared() async throws -> ZooKeeperTestServer {
        while true {
            let starts = sharedServer.withLock { state -> Bool? in
                switch state {
                case .none:
                    state = .starting(waiters: [])
                    return true
                case .starting: return false
                case .started: return nil
                }
            }
            if starts == true { return try await startShared() }
            // `nil`: the start failed meanwhile; try again rather than fail every test with one error.
            if let server = try await waitForShared() { return server }
        }
    }

    private static func startShared() async throws -> ZooKeeperTestServer {
        let result: Result<ZooKeeperTestServer, any Error>
        do { result = .success(try await start()) } catch { result = .failure(error) }
        let waiters = sharedServer.withLock { state in
            guard case .starting(let waiters) = state else {
                return [CheckedContinuation<ZooKeeperTestServer?, any Error>]()
            }
            if case .success(let server) = result { state = .started(server) } else { state = .none }
            return waiters
        }
        for waiter in waiters { waiter.resume(with: result.map { $0 }) }
        return try result.get()
    }

    /// The shared server once its start ends; `nil` if it is not starting (any more) and not started.
    private static func waitForShared() async throws -> ZooKeeperTestServer? {
        try await withCheckedThrowingContinuation { continuation in
            let ready = sharedServer.withLock { state -> ZooKeeperTestServer?? in
                switch state {
                case .none: return .some(nil)
                case .started(let server): return .some(server)
                case .starting(var waiters):
                    waiters.append(continuation)
                    state = .starting(waiters: waiters)
                    return .none
                }
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Stops the server as an operator would: SIGTERM, up to 10 s for it to exit, then SIGKILL.
    /// Keeps the data directory, so ``restart()`` brings the same data back.
    public func stop() async {
        guard let pid = runningPID() else { return }
        TestProcessRegistry.signal(pid, SIGTERM)
        if await waitForExit(within: .seconds(10)) { return }
        TestProcessRegistry.signal(pid, SIGKILL)
        _ = await waitForExit(within: .seconds(10))
    }

    /// Kills the server with SIGKILL, as a crash would, and waits until it has exited.
    public func kill() async {
        guard let pid = runningPID() else { return }
        TestProcessRegistry.signal(pid, SIGKILL)
        _ = await waitForExit(within: .seconds(10))
    }

    /// Starts the server again on the same port with the same data directory (stopping it first if
    /// it still runs), and returns once it serves requests.
    public func restart() async throws {
        await stop()
        // The old server's socket may take a moment to be released, and a client of the old server
        // may be reconnecting: retry a bind failure for a few seconds.
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try await launch()
            } catch let error as ZooKeeperTestServerError where error.code == .addressInUse {
                if ContinuousClock.now >= deadline { throw error }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Whether the server process is alive (it may still be starting).
    public func isRunning() -> Bool {
        state.withLock { $0.process?.isRunning ?? false }
    }

    /// Stops the server and removes its data directory. Calling it again does nothing.
    public func shutdown() async {
        await stop()
        let first = state.withLock { state in
            defer { state.isShutDown = true }
            return !state.isShutDown
        }
        guard first else { return }
        try? FileManager.default.removeItem(atPath: dataDirectory)
        TestProcessRegistry.unregister(dataDirectory: dataDirectory)
        TestProcessRegistry.releasePort(port)
    }

    /// Sends a four-letter word (`ruok`, `srvr`, `stat` or `mntr`: the ones `zoo.cfg` allows) and
    /// returns the server's reply; throws when nothing listens on the port.
    public func fourLetterWord(_ word: String) async throws -> String {
        try await LoopbackTCP.exchange(port: port, message: word, timeout: .seconds(5))
    }

    // MARK: - Launching

    /// Launches the server process and waits until it serves requests.
    private func launch() async throws {
        guard !state.withLock({ $0.isShutDown }) else {
            throw ZooKeeperTestServerError(.shutDown, "the server on port \(port) was shut down")
        }
        // A server of another process answering on our port would pass every readiness probe.
        if LoopbackTCP.isListening(port: port) {
            throw ZooKeeperTestServerError(.addressInUse, "something already listens on 127.0.0.1:\(port)")
        }
        let configPath = dataDirectory + "/zoo.cfg"
        let logPath = dataDirectory + "/zookeeper.log"
        try Self.configuration(port: port, dataDirectory: dataDirectory, forceSync: forceSync)
            .write(toFile: configPath, atomically: true, encoding: .utf8)
        // A fresh log per launch, so that a failure shows this launch's lines.
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let log = FileHandle(forWritingAtPath: logPath)
        else {
            throw ZooKeeperTestServerError(.launchFailed, "cannot create \(logPath)")
        }
        defer { try? log.close() }  // the child has its own copy of the descriptor

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["java"] + Self.javaArguments(configPath: configPath, heapMegabytes: heapMegabytes)
        process.currentDirectoryURL = URL(fileURLWithPath: dataDirectory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        do {
            try process.run()
        } catch {
            throw ZooKeeperTestServerError(.launchFailed, "cannot run java: \(error)")
        }
        // env execs java, so this is the server's pid.
        let pid = process.processIdentifier
        TestProcessRegistry.launched(pid: pid, dataDirectory: dataDirectory)
        state.withLock { $0.process = process }

        let deadline = ContinuousClock.now + .seconds(30)
        while true {
            if !isRunning() {
                TestProcessRegistry.exited(dataDirectory: dataDirectory)
                let tail = Self.tail(of: logPath)
                // The JVM reports a taken port as a BindException and exits with status 1.
                let code: ZooKeeperTestServerError.Code =
                    tail.contains("Address already in use") ? .addressInUse : .exited
                throw ZooKeeperTestServerError(code, "the server on port \(port) exited while starting", log: tail)
            }
            if await isServing() { return }
            if Task.isCancelled {
                await kill()
                throw CancellationError()
            }
            if ContinuousClock.now >= deadline {
                await kill()
                throw ZooKeeperTestServerError(
                    .timedOut, "no imok from 127.0.0.1:\(port) within 30 s", log: Self.tail(of: logPath))
            }
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Whether the server answers `imok` and has loaded its database: it answers `imok` a moment
    /// before it serves requests, when `srvr` still says "not currently serving requests".
    private func isServing() async -> Bool {
        // A connection made while the server starts up may be accepted and never answered: keep
        // each probe short and try again.
        func probe(_ word: String) async -> String? {
            try? await LoopbackTCP.exchange(port: port, message: word, timeout: .milliseconds(500))
        }
        guard await probe("ruok") == "imok" else { return false }
        return await probe("srvr")?.contains("Mode: ") ?? false
    }

    /// The server's process id while it runs.
    func runningPID() -> pid_t? {
        state.withLock { state in
            guard let process = state.process, process.isRunning else { return nil }
            return process.processIdentifier
        }
    }

    /// Waits until Foundation has reaped the process; false if it still runs at the deadline.
    private func waitForExit(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while isRunning() {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        TestProcessRegistry.exited(dataDirectory: dataDirectory)
        return true
    }
}
