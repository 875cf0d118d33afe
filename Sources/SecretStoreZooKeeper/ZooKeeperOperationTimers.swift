import CoreMetrics

/// How long each ZooKeeper operation takes, waiting for a session included:
/// `secretstore_zookeeper_operation_duration_seconds{operation}` (contract §9), one timer per kind
/// of operation, made once through the factory the client was given (no-op by default).
struct ZooKeeperOperationTimers: Sendable {
    /// The kinds of operation timed, the `operation` label's values.
    enum Operation: String, Sendable, CaseIterable {
        case get, exists, create, set, delete, children, multi
    }

    /// The metric's name; the server gives it its buckets by this name.
    static let label = "secretstore_zookeeper_operation_duration_seconds"

    private let timers: [Operation: CoreMetrics.Timer]

    /// Timers made through `factory`.
    init(factory: any MetricsFactory) {
        var timers: [Operation: CoreMetrics.Timer] = [:]
        for operation in Operation.allCases {
            timers[operation] = CoreMetrics.Timer(
                label: Self.label, dimensions: [("operation", operation.rawValue)], factory: factory)
        }
        self.timers = timers
    }

    /// Runs `body` and records how long it took under `operation`, whether it succeeded or not.
    func time<R: Sendable>(_ operation: Operation, _ body: () async throws -> R) async throws -> R {
        let started = ContinuousClock.now
        defer { timers[operation]?.recordNanoseconds(Self.nanoseconds(.now - started)) }
        return try await body()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
