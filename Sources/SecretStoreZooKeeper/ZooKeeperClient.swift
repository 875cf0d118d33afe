import CoreMetrics
import Logging
import ServiceLifecycle
import Synchronization

/// A ZooKeeper client that outlives sessions: when the server expires its session it builds a new
/// handle (outside the library's callback thread), authenticates it again, and its durable watches
/// re-arm themselves and report `.resync`. Callers get typed errors, never a hang past their deadline.
///
/// That upkeep is structured: it runs in `run()`, which a `ServiceGroup` runs until graceful
/// shutdown and then closes the session; outside a service group use `withConnection(_:logger:_:)`
/// (or `withUpkeep(_:)` for set-up work before the client joins its group). A client whose `run()`
/// is not running keeps its current session but does not replace it when it expires, and fails
/// callers at their deadline only while they wait for a session or when the connection drops.
public final class ZooKeeperClient: Sendable, Service {
    /// How this client connects.
    public let configuration: ZooKeeperConfiguration
    let logger: Logger
    let state = Mutex(ZooKeeperClientStateMachine())
    /// Counts sessions this client has built; tests and metrics read it.
    private let sessionsBuilt = Atomic<Int>(0)
    /// Times every operation.
    let operationTimers: ZooKeeperOperationTimers
    /// Writes waiting to be sent together (see `write(_:deadline:batched:)`).
    let writeQueue: Mutex<ZooKeeperWriteQueue<PendingWrite>>
    /// Counts writes applied in a `multi` together with other writes.
    let writesBatched = Atomic<Int>(0)

    private init(configuration: ZooKeeperConfiguration, logger: Logger, metrics: any MetricsFactory) {
        self.configuration = configuration
        self.logger = logger
        self.operationTimers = ZooKeeperOperationTimers(factory: metrics)
        self.writeQueue = Mutex(
            ZooKeeperWriteQueue(maximumInFlight: configuration.writesInFlight, packetLimit: configuration.packetLimit))
    }

    /// Connects and authenticates the first session, waiting at most `connectTimeout`. Run the
    /// client (`run()` in a service group, or `withUpkeep(_:)`) for it to survive session expiry.
    /// Operations are timed through `metrics` (`ZooKeeperOperationTimers`); the default counts nothing.
    public static func connect(
        _ configuration: ZooKeeperConfiguration, logger: Logger = Logger(label: "secretstore.zookeeper"),
        metrics: any MetricsFactory = NOOPMetricsHandler.instance
    ) async throws -> ZooKeeperClient {
        let client = ZooKeeperClient(configuration: configuration, logger: logger, metrics: metrics)
        let session = try await client.buildSession(deadline: .now + configuration.connectTimeout)
        client.install(session)
        return client
    }

    /// Connects, runs `body` with the client while a child task keeps its sessions alive (see
    /// `withUpkeep(_:)`), then closes the client whether `body` succeeded or not.
    public static func withConnection<Result: Sendable>(
        _ configuration: ZooKeeperConfiguration, logger: Logger = Logger(label: "secretstore.zookeeper"),
        isolation: isolated (any Actor)? = #isolation, _ body: (ZooKeeperClient) async throws -> Result
    ) async throws -> Result {
        let client = try await connect(configuration, logger: logger)
        defer { client.close() }
        return try await client.withUpkeep(isolation: isolation) { try await body(client) }
    }

    /// The ACL of the znodes this client creates.
    public var acl: ZooKeeperACL { configuration.credentials == nil ? .open : .creatorOnly }

    /// How many sessions this client has built (1 until the first expiry).
    public var sessionCount: Int { sessionsBuilt.load(ordering: .relaxed) }

    /// How many writes were applied in one request together with other writes so far.
    public var batchedWriteCount: Int { writesBatched.load(ordering: .relaxed) }

    /// Keeps the client's sessions alive until graceful shutdown (see `maintainSessions()`), then
    /// closes the session.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.maintainSessions() }
        close()
    }

    /// Closes the current session; every later call fails with `.clientClosed`. Idempotent.
    public func close() {
        guard let session = state.withLock({ $0.close() }) else { return }
        session.close()
        logger.info("ZooKeeper session closed")
    }

    /// The live session, waiting for a replacement while reconnecting, until `deadline`.
    public func session(deadline: ContinuousClock.Instant) async throws -> ZooKeeperSession {
        while true {
            if let session = try state.withLock({ try $0.currentSession() }) { return session }
            guard ContinuousClock.now < deadline else {
                throw ZooKeeperError(.deadlineExceeded, operation: "session")
            }
            // Only while a session is being replaced: a short poll keeps this path simple.
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Whether the current session is connected to a server right now (not reconnecting, not
    /// expired, not closed). A snapshot: it may change as soon as it is read.
    public var isConnected: Bool {
        guard let session = try? state.withLock({ try $0.currentSession() }) else { return false }
        return session.state == .connected
    }

    /// The deadline for an operation starting now.
    public func defaultDeadline() -> ContinuousClock.Instant { .now + configuration.operationTimeout }

    /// Runs `body` on the live session. A request refused because the session died before it was sent
    /// (`.invalidState`) was never applied, so it is retried on the next session until the deadline.
    /// A call whose deadline has passed is not sent at all: it fails with `.deadlineExceeded` at once,
    /// so that the later calls of a request that has used up its time cost nothing.
    public func withSession<R: Sendable>(
        deadline: ContinuousClock.Instant? = nil, _ body: (ZooKeeperSession, ContinuousClock.Instant) async throws -> R
    ) async throws -> R {
        let deadline = deadline ?? defaultDeadline()
        while true {
            guard ContinuousClock.now < deadline else { throw ZooKeeperError(.deadlineExceeded, operation: "session") }
            let session = try await self.session(deadline: deadline)
            do {
                return try await body(session, deadline)
            } catch let error as ZooKeeperError where error.code == .invalidState && session.state.isTerminal {
                sessionDied(session)
                continue
            }
        }
    }

    // MARK: Session lifecycle

    /// Creates a handle, waits until it is connected and authenticated. Its deadlines are enforced
    /// by a child task meanwhile; cancelling the caller closes the handle and fails the connect.
    func buildSession(deadline: ContinuousClock.Instant) async throws -> ZooKeeperSession {
        let session = try ZooKeeperSession(
            connectString: configuration.connectString, sessionTimeout: configuration.sessionTimeout, acl: acl,
            packetLimit: configuration.packetLimit)
        do {
            try await withTaskCancellationHandler {
                try await session.withDeadlinesEnforced {
                    try await session.waitUntilConnected(deadline: deadline)
                    if let credentials = configuration.credentials {
                        try await session.addDigestAuth(
                            user: credentials.user, password: credentials.password, deadline: deadline)
                    }
                }
            } onCancel: {
                // Cancellation comes from a Swift task (shutdown), never from the library's callback
                // thread, so zookeeper_close may run here; it fails the waits above at once.
                session.close()
            }
            try Task.checkCancellation()
        } catch {
            session.close()
            throw error
        }
        sessionsBuilt.add(1, ordering: .relaxed)
        return session
    }

    /// Makes `session` current, for `maintainSessions()` to follow; closes it if the client is closed.
    func install(_ session: ZooKeeperSession) {
        guard state.withLock({ $0.installed(session) }) else {
            session.close()
            return
        }
        logger.info(
            "ZooKeeper session established",
            metadata: [
                "zookeeper": "\(configuration.connectString)",
                "timeout_ms": "\(session.negotiatedTimeout.components.seconds * 1000)",
            ])
    }

    /// Records that `session` died: callers wait for a replacement, which `maintainSessions()` builds.
    /// Only a signal: it runs wherever the death is noticed and never blocks or closes anything.
    func sessionDied(_ session: ZooKeeperSession) {
        state.withLock { $0.sessionDied(session) }
    }
}
