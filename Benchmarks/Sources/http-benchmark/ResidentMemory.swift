import Foundation

/// A process's resident memory as Linux reports it in `/proc/<pid>/status`.
struct ResidentMemory {
    /// `VmRSS`: resident now.
    var currentBytes: Int
    /// `VmHWM`: the most it has been resident so far.
    var peakBytes: Int

    /// Reads `pid`'s status; nil when the process is gone or the kernel has no `/proc`.
    init?(pid: Int32) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kibibytes(_ field: String) -> Int? {
            // "VmRSS:     91236 kB"
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else {
                return nil
            }
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
        }
        guard let current = kibibytes("VmRSS"), let peak = kibibytes("VmHWM") else { return nil }
        currentBytes = current * 1024
        peakBytes = peak * 1024
    }

    /// Resets `pid`'s `VmHWM` to its resident size now (`/proc/<pid>/clear_refs`), so that a later
    /// reading is the peak since this call. Without permission it stays the peak since start.
    static func resetPeak(pid: Int32) {
        try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/\(pid)/clear_refs"))
    }
}
