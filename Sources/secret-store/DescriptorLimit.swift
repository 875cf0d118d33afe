import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's limit on open file descriptors (`RLIMIT_NOFILE`). Every client connection holds
/// one, and so do ZooKeeper's connection, gpg's pipes and the log: distributions start services
/// with a low soft limit (often 1,024) under a much higher hard one.
struct DescriptorLimit: Equatable {
    /// The limit in force.
    var soft: UInt64
    /// The most the soft limit may be raised to without privileges.
    var hard: UInt64

    /// The limits in force.
    static func current() throws -> DescriptorLimit {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { throw failure("getrlimit") }
        return DescriptorLimit(soft: UInt64(limit.rlim_cur), hard: UInt64(limit.rlim_max))
    }

    /// Raises the soft limit to the hard limit, logs the limits then in force at `info` (a refusal
    /// at `warning`: the server still starts, with the limit it has) and returns them.
    static func raiseSoftToHard(logger: Logger) throws -> DescriptorLimit {
        do {
            try raiseSoftToHard()
        } catch {
            logger.warning("Cannot raise the descriptor limit", metadata: ["error": "\(error)"])
        }
        let limit = try current()
        logger.info("Descriptor limit", metadata: ["soft": "\(limit.soft)", "hard": "\(limit.hard)"])
        return limit
    }

    private static func raiseSoftToHard() throws {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { throw failure("getrlimit") }
        var target = limit.rlim_max
        #if os(Linux)
            // An unlimited hard limit (RLIM_INFINITY, all ones) cannot be the soft one: the kernel
            // caps descriptors at nr_open.
            if target == rlim_t.max, let cap = kernelMaximum() { target = rlim_t(cap) }
        #else
            // Darwin refuses a soft limit above OPEN_MAX.
            target = min(target, rlim_t(OPEN_MAX))
        #endif
        if target > limit.rlim_cur {
            limit.rlim_cur = target
            guard setrlimit(resource, &limit) == 0 else { throw failure("setrlimit") }
        }
    }

    #if canImport(Glibc)
        private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resource = RLIMIT_NOFILE
    #endif

    private static func kernelMaximum() -> UInt64? {
        (try? String(contentsOfFile: "/proc/sys/fs/nr_open", encoding: .utf8))
            .flatMap { UInt64($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private static func failure(_ call: String) -> StartupError {
        StartupError("\(call)(RLIMIT_NOFILE) failed: \(String(cString: strerror(errno)))")
    }
}
