import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The processes this benchmark started and has not stopped yet (the secret-store server, wrk), so
/// that an interrupt stops them too. The ZooKeeper test server needs no entry: its helper kills it
/// from an `atexit` handler, which `exit` runs.
enum ChildProcesses {
    private static let running = Mutex<Set<pid_t>>([])
    /// The self-pipe: the signal handler writes the signal's number, a thread reads it.
    private static let wakeUp: (read: Int32, write: Int32) = {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { fatalError("pipe() failed: errno \(errno)") }
        // Not inherited by the processes the benchmark starts.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }()

    /// Records a started process.
    static func started(_ pid: pid_t) {
        running.withLock { _ = $0.insert(pid) }
    }

    /// Forgets a process that has exited.
    static func exited(_ pid: pid_t) {
        running.withLock { _ = $0.remove(pid) }
    }

    /// On SIGINT or SIGTERM: SIGTERM to every recorded child, then exit with 128 + the signal.
    static func stopOnInterrupt() {
        let pipe = wakeUp
        Thread.detachNewThread {
            var number: UInt8 = 0
            while read(pipe.read, &number, 1) != 1 {}
            let pids = running.withLock { $0 }
            for pid in pids { _ = kill(pid, SIGTERM) }
            FileHandle.standardError.write(Data("interrupted: stopped \(pids.count) child process(es)\n".utf8))
            exit(128 + Int32(number))
        }
        // A handler, not SIG_IGN (as for a Dispatch signal source): a child would inherit SIG_IGN and
        // ignore our SIGTERM, while a caught signal is back to its default in a child after exec.
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            // Only write(2) here: it is async-signal-safe.
            var byte = UInt8(truncatingIfNeeded: number)
            _ = write(ChildProcesses.wakeUp.write, &byte, 1)
        }
        sigemptyset(&action.sa_mask)
        for number in [SIGINT, SIGTERM] { sigaction(number, &action, nil) }
    }

    /// Runs `binary` with `arguments`, its standard output and error in a new file at `logPath`, and
    /// records it.
    static func start(binary: String, arguments: [String], logPath: String) throws -> Process {
        guard FileManager.default.createFile(atPath: logPath, contents: nil),
            let log = FileHandle(forWritingAtPath: logPath)
        else { throw BenchmarkFailure("cannot create \(logPath)") }
        defer { try? log.close() }  // the child has its own copy of the descriptor
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.runWithNoSignalBlocked()
        started(process.processIdentifier)
        return process
    }

    /// Stops `process` by its pid: SIGTERM, up to 15 s to exit gracefully, then SIGKILL.
    static func stop(_ process: Process) async {
        let pid = process.processIdentifier
        if process.isRunning { _ = kill(pid, SIGTERM) }
        let deadline = ContinuousClock.now + .seconds(15)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        if process.isRunning {
            _ = kill(pid, SIGKILL)
            while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        }
        exited(pid)
    }
}
