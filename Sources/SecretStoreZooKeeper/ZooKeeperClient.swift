import Logging
import ServiceLifecycle
import Synchronization

/// A ZooKeeper client that outlives sessions: when the server expires its session it builds a new
/// handle (outside the library's callback thread), authenticates it again, and its durable watches
/// re-arm themselves and report `.resync`. Callers get typed errors, never a hang past their deadline.
///
/// Run it in a `ServiceGroup` so it closes its session on graceful shutdown, or call `close()`.
public final class ZooKeeperClient: Sendable, Service {
    /// How this client connects.
    public let configuration: ZooKeeperConfiguration
    let logger: Logger
    private let state = Mutex(ZooKeeperClientStateMachine())
    /// Counts sessions this client has built; tests and metrics read it.
    private let sessionsBuilt = Atomic<Int>(0)

    private init(configuration: ZooKeeperConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Connects and authenticates the first session, waiting at most `connectTimeout`.
    public static func connect(
        _ configuration: ZooKeeperConfiguration, logger: Logger = Logger(label: "secretstore.zookeeper")
    ) async throws -> ZooKeeperClient {
        let client = ZooKeeperClient(configuration: configuration, logger: logger)
        let session = try await client.buildSession(deadline: .now + configuration.connectTimeout)
        client.install(session)
        return client
    }

    /// The ACL of the znodes this client creates.
    public var acl: ZooKeeperACL { configuration.credentials == nil ? .open : .creatorOnly }

    /// How many sessions this client has built (1 until the first expiry).
    public var sessionCount: Int { sessionsBuilt.load(ordering: .relaxed) }

    /// Waits for graceful shutdown, then closes the session.
    public func run() async throws {
        try? await gracefulShutdown()
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

    /// Creates a handle, waits until it is connected and authenticated.
    private func buildSession(deadline: ContinuousClock.Instant) async throws -> ZooKeeperSession {
        let session = try ZooKeeperSession(
            connectString: configuration.connectString, sessionTimeout: configuration.sessionTimeout, acl: acl,
            packetLimit: configuration.packetLimit)
        do {
            try await session.waitUntilConnected(deadline: deadline)
            if let credentials = configuration.credentials {
                try await session.addDigestAuth(
                    user: credentials.user, password: credentials.password, deadline: deadline)
            }
        } catch {
            session.close()
            throw error
        }
        sessionsBuilt.add(1, ordering: .relaxed)
        return session
    }

    /// Makes `session` current and starts watching it for death.
    private func install(_ session: ZooKeeperSession) {
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
        Task { [weak self] in
            // The stream replays the connect that `buildSession` waited for; only later ones are news.
            var disconnected = false
            for await change in session.stateChanges {
                switch change {
                case .connecting:
                    disconnected = true
                    self?.logger.warning("ZooKeeper connection lost; reconnecting")
                case .connected:
                    if disconnected { self?.logger.info("ZooKeeper connection re-established") }
                    disconnected = false
                case .expired, .authFailed:
                    self?.logger.warning("ZooKeeper session ended", metadata: ["state": "\(change)"])
                    self?.sessionDied(session)
                case .closed:
                    return
                }
            }
        }
    }

    /// Replaces a dead session, unless it was replaced already or the client is closed.
    func sessionDied(_ session: ZooKeeperSession) {
        guard case .replace(let dead) = state.withLock({ $0.sessionDied(session) }) else { return }
        Task { [weak self] in
            // zookeeper_close must not run on the library's callback thread: this is a Swift task.
            dead.close()
            var backoff: Duration = .milliseconds(50)
            while let self {
                if case .closed = self.state.withLock({ $0.state }) { return }
                do {
                    let replacement = try await self.buildSession(deadline: .now + self.configuration.connectTimeout)
                    self.install(replacement)
                    return
                } catch {
                    self.logger.warning("ZooKeeper session rebuild failed; retrying", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: backoff)
                    backoff = min(backoff * 2, .seconds(2))
                }
            }
        }
    }
}
