import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a command run through `execve` inherits besides its arguments and environment: ignored
/// signals, the blocked-signal mask (of the calling thread) and open file descriptors. The launcher records them when it
/// starts and puts them back just before `execve`, so that the command starts as if it had been
/// run directly: the runtime and the HTTP client may have ignored or blocked signals (SIGPIPE) or
/// opened descriptors of their own in between.
struct InheritedProcessState {
    /// The signals ignored at start.
    private let ignored: Set<Int32>
    /// The signals the main thread blocked at start.
    private let blocked: Set<Int32>
    /// The descriptors open at start; `nil` where they cannot be listed.
    private let descriptors: Set<Int32>?

    /// The highest signal number (glibc's `NSIG` is 65).
    private static let signalLimit: Int32 = 65

    /// The state of this process now.
    static func record() -> InheritedProcessState {
        var ignored: Set<Int32> = []
        for signal in 1..<signalLimit {
            var action = sigaction()
            // Signals the C library keeps for itself (32, 33) fail here: nothing to record.
            guard sigaction(signal, nil, &action) == 0 else { continue }
            // Handlers are C function pointers, which Swift cannot compare: compare their addresses.
            let handler = unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
            if handler == unsafeBitCast(SIG_IGN, to: Int.self) { ignored.insert(signal) }
        }
        return InheritedProcessState(
            ignored: ignored, blocked: mainThreadBlockedSignals(), descriptors: openDescriptors())
    }

    /// Puts the recorded state back for `execve`: every signal not ignored at start gets its
    /// default action, ignored ones stay ignored, the mask is the one at start, and descriptors
    /// opened since then are closed on `execve`.
    func restoreForExec() {
        for signal in 1..<Self.signalLimit where signal != SIGKILL && signal != SIGSTOP {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = ignored.contains(signal) ? SIG_IGN : SIG_DFL
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in blocked { sigaddset(&mask, signal) }
        // The mask is per thread, and execve keeps the calling thread's: this one's.
        pthread_sigmask(SIG_SETMASK, &mask, nil)
        guard let descriptors, let now = Self.openDescriptors() else { return }
        for descriptor in now.subtracting(descriptors) {
            let flags = fcntl(descriptor, F_GETFD)
            if flags >= 0 { _ = fcntl(descriptor, F_SETFD, flags | FD_CLOEXEC) }
        }
    }

    /// The signals the main thread blocks, from `SigBlk` of `/proc/self/status` (the thread group
    /// leader's); none where it cannot be read. Not this thread's mask: the threads of Swift's
    /// concurrency pool block nearly every signal, and a command started with that mask would
    /// not even die of SIGTERM.
    private static func mainThreadBlockedSignals() -> Set<Int32> {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") }),
            let bits = UInt64(line.dropFirst("SigBlk:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        else { return [] }
        // Bit n - 1 stands for signal n.
        return Set((1..<signalLimit).filter { bits & (1 << UInt64($0 - 1)) != 0 })
    }

    /// The descriptors open in this process, from `/proc/self/fd`.
    private static func openDescriptors() -> Set<Int32>? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") else { return nil }
        // The listing's own descriptor is among them, closed by now: harmless to keep.
        return Set(names.compactMap { Int32($0) })
    }
}
