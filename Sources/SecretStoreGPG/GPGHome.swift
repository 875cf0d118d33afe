import CGPGME

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The private GnuPG home of one `GPGContext`: a fresh directory under `/tmp`, and the gpg-agent
/// that gpg starts for it on first use.
package struct GPGHome: Sendable {
    /// The directory, e.g. `/tmp/ssg-Ab3dE9`.
    package let path: String

    /// How long `remove()` waits for `gpgconf --kill all` before killing it.
    static let agentStopLimit: Duration = .seconds(5)

    /// Creates a fresh, empty home with mode 0700.
    package static func create() throws(GPGError) -> GPGHome {
        // A short template: gpg-agent puts its sockets in the home, and a Unix socket path must
        // fit in 108 bytes. mkdtemp creates the directory with mode 0700, which gpg requires.
        var template = Array("/tmp/ssg-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            // mkdtemp fills in the X's in place and returns the same buffer, or NULL.
            mkdtemp(buffer.baseAddress!).map { String(cString: $0) }
        }
        guard let created else {
            let reason = String(cString: strerror(errno))
            throw GPGError(.homeUnavailable, operation: "mkdtemp", message: "could not create a gpg home: \(reason)")
        }
        return GPGHome(path: created)
    }

    /// Stops every daemon gpg started for this home, then deletes it with everything in it.
    /// Best effort: a failure leaves a directory behind but never throws.
    package func remove() {
        stopDaemons()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Runs `gpgconf --homedir HOME --kill all` and waits for it.
    ///
    /// The agent is not our child (it daemonises), so only gpgconf can reach it, through the
    /// home's socket. An agent whose home is deleted notices and exits by itself some time
    /// later; this stops it at once, and along with any other daemon of the home.
    package func stopDaemons() {
        // gpgme knows the gpgconf that belongs to its gpg engine; fall back to the PATH.
        let gpgconf = gpgme_get_dirinfo("gpgconf-name").map { String(cString: $0) } ?? "gpgconf"
        let arguments = [gpgconf, "--homedir", path, "--kill", "all"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        defer { for argument in argv { free(argument) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // gpgconf's output is of no use to us; keep it out of the server's streams.
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)

        var pid = pid_t()
        let spawned = argv.withUnsafeBufferPointer { args in
            posix_spawnp(&pid, args[0]!, &actions, nil, args.baseAddress!, csgpg_environ())
        }
        guard spawned == 0 else { return }
        waitForExit(pid)
    }

    /// Reaps `pid`, killing it if it outlives `agentStopLimit`.
    private func waitForExit(_ pid: pid_t) {
        let clock = ContinuousClock()
        let deadline = clock.now + Self.agentStopLimit
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return }
            // ECHILD: somebody else reaped it (e.g. SIGCHLD ignored); nothing left to wait for.
            if reaped == -1 && errno != EINTR { return }
            if clock.now >= deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                return
            }
            usleep(5_000)
        }
    }
}
