import ArgumentParser
import Logging
import SecretStoreCore
import SecretStoreHTTP

/// Where and how requests are audited (contract §9).
struct AuditOptions: ParsableArguments {
    @Option(
        name: .customLong("audit-log"),
        help: "The audit trail: a file (appended to, reopened on SIGHUP), or - for standard output.")
    var auditLog = "-"

    @Flag(name: .customLong("audit-clear-paths"), help: "Write secret paths in audit lines as they are, not HMAC'd.")
    var clearPaths = false

    @Option(
        name: .customLong("audit-timeout"),
        help: "Milliseconds a request waits for its audit line before it answers 503 AUDIT_UNAVAILABLE.")
    var timeoutMilliseconds = 2000

    @Flag(name: .customLong("no-audit"), help: "Keep no audit trail (development and benchmarks only).")
    var disabled = false

    func validate() throws {
        guard timeoutMilliseconds > 0 else { throw ValidationError("--audit-timeout must be positive") }
    }

    /// The trail, or `nil` with `--no-audit`. Throws if the file cannot be opened: the server does
    /// not start without the trail it was asked to keep.
    func trail(storage: any Storage, metrics: StoreMetrics, logger: Logger) throws -> AuditTrail? {
        guard !disabled else {
            logger.warning("--no-audit: requests are not audited")
            return nil
        }
        return try AuditTrail(
            destination: AuditDestination(auditLog), timeout: .milliseconds(timeoutMilliseconds),
            hasher: AuditPathHasher(clearPaths: clearPaths), storage: storage, metrics: metrics,
            logger: Logger(label: "secret-store.audit"))
    }
}
