import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every child process the test helpers start (ZooKeeper servers, secret-store servers), so that
/// none outlives the test process: an `atexit` handler
/// SIGKILLs the ones still running and removes every data directory not yet removed. It also
/// hands out ports, so that two servers started at once never get the same one.
enum TestProcessRegistry {
    private struct Entries {
        /// Data directory → pid of its running server, or nil when the server is not running.
        var servers: [String: pid_t?] = [:]
        var ports: Set<Int> = []
    }
    private static let entries = Mutex(Entries())

    // A child process is not killed with its parent (Process offers no PR_SET_PDEATHSIG), so the
    // registry kills it on the way out instead.
    private static let exitHandlerInstalled: Void = {
        atexit { TestProcessRegistry.killAll() }
    }()

    static func register(dataDirectory: String) {
        _ = exitHandlerInstalled
        entries.withLock { $0.servers[dataDirectory] = .some(nil) }
    }

    static func launched(pid: pid_t, dataDirectory: String) {
        entries.withLock { $0.servers[dataDirectory] = pid }
    }

    static func exited(dataDirectory: String) {
        entries.withLock { entries in
            if entries.servers[dataDirectory] != nil { entries.servers[dataDirectory] = .some(nil) }
        }
    }

    static func unregister(dataDirectory: String) {
        entries.withLock { _ = $0.servers.removeValue(forKey: dataDirectory) }
    }

    /// A port on 127.0.0.1 that nothing listens on and no other server of this process holds.
    static func reservePort() throws -> Int {
        for _ in 0..<100 {
            let port = try LoopbackTCP.unusedPort()
            let reserved = entries.withLock { $0.ports.insert(port).inserted }
            if reserved { return port }
        }
        throw ZooKeeperTestServerError(.addressInUse, "no free port found on 127.0.0.1")
    }

    static func releasePort(_ port: Int) {
        entries.withLock { _ = $0.ports.remove(port) }
    }

    /// Sends `signal` to `pid`; a process that has already gone is fine.
    static func signal(_ pid: pid_t, _ signal: Int32) {
        _ = kill(pid, signal)
    }

    private static func killAll() {
        let servers = entries.withLock { $0.servers }
        let pids = servers.values.compactMap { $0 }
        for pid in pids { _ = kill(pid, SIGKILL) }
        // A killed process may still be writing for a moment: wait for it before removing its data.
        let deadline = Date().addingTimeInterval(5)
        while pids.contains(where: isAlive), Date() < deadline {
            usleep(10_000)
        }
        for directory in servers.keys {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    /// Alive and not a zombie (Foundation may not have reaped it yet while the process exits).
    private static func isAlive(_ pid: pid_t) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else {
            return kill(pid, 0) == 0
        }
        // The state follows the parenthesised command name: "pid (comm) S ...".
        guard let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }
}
