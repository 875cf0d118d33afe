import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ZooKeeperTestServer {
    /// Freezes the server with SIGSTOP, the outage that hangs clients without deadlines: its
    /// connections stay open and nothing answers. Returns once every thread of the server has
    /// stopped (a signal takes effect asynchronously); throws if it has not within 5 s.
    /// ``shutdown()`` does not resume a paused server: call ``resume()`` first, or its SIGTERM waits
    /// until the 10 s grace gives way to SIGKILL.
    public func pause() async throws {
        guard let pid = runningPID() else {
            throw ZooKeeperTestServerError(.exited, "the server on port \(port) is not running")
        }
        TestProcessRegistry.signal(pid, SIGSTOP)
        let deadline = ContinuousClock.now + .seconds(5)
        while !Self.isStopped(pid) {
            guard ContinuousClock.now < deadline else {
                throw ZooKeeperTestServerError(.timedOut, "the server on port \(port) did not stop on SIGSTOP")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Lets a paused server run again (SIGCONT).
    public func resume() {
        if let pid = runningPID() { TestProcessRegistry.signal(pid, SIGCONT) }
    }

    /// Whether every thread of `pid` is stopped: state `T` in its `/proc` stat line.
    private static func isStopped(_ pid: pid_t) -> Bool {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        guard !tasks.isEmpty else { return false }
        return tasks.allSatisfy { task in
            let stat = FileManager.default.contents(atPath: "/proc/\(pid)/task/\(task)/stat")
            // The state follows the command name, which is in parentheses and may hold spaces.
            let line = String(decoding: stat ?? Data(), as: UTF8.self)
            guard let close = line.lastIndex(of: ")") else { return false }
            return line[line.index(after: close)...].dropFirst().first == "T"
        }
    }
}
