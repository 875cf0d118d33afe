import CZooKeeper
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One handle of the ZooKeeper C client (`zhandle_t`) and the session it holds, with async operations.
///
/// Thread safety: the C client's handle is safe to use from many threads at once (the multithreaded
/// library serialises requests onto its I/O thread); every piece of mutable Swift state sits in a
/// `Mutex`. That is why this class is `@unchecked Sendable`. Completions arrive on the library's
/// single completion thread, where nothing blocks and nothing calls back into the library.
///
/// Deadlines: a caller whose deadline passes is failed by a sweep of the session's pending calls
/// (`enforceDeadlines()`), which runs in a task of whoever owns the session: `ZooKeeperClient.run()`
/// for its current session, `withDeadlinesEnforced(_:)` around a connect. A session nobody sweeps
/// still fails its calls when the connection drops, but not at their deadlines.
///
/// A session that expires stays dead; `ZooKeeperClient` replaces it.
public final class ZooKeeperSession: @unchecked Sendable {
    /// A session's identity, as the server knows it. Lets tests expire a session on purpose.
    package struct ClientID: Sendable, CustomStringConvertible, CustomReflectable {
        /// The server's id for the session.
        package var sessionID: Int64
        /// The session's password: whoever holds it can take the session over. Never logged.
        package var password: [UInt8]

        package var description: String { "session 0x\(String(sessionID, radix: 16))" }
        package var customMirror: Mirror { Mirror(self, children: ["sessionID": sessionID]) }
    }

    /// The C handle; used by this module's operation extensions only, never handed out.
    let handle: OpaquePointer
    let events: ZooKeeperSessionEvents
    let pending: PendingOperations
    let watches = WatchRegistry()
    private let isClosed = Atomic<Bool>(false)
    /// Callers between their closed check and the end of their C call: `close()` waits for them,
    /// because `zookeeper_close` frees the handle they are using.
    private let submitting = Atomic<Int>(0)
    /// The ACL given to every znode this session creates.
    public let acl: ZooKeeperACL
    /// The largest request this session sends (`jute.maxbuffer` of the servers).
    public let packetLimit: Int

    /// Quiets the C library once per process: its default level prints about eleven lines per connect.
    private static let libraryConfigured: Void = {
        // The level is a process-wide global of the library; WARN keeps connection trouble, which
        // the log callback hands to swift-log at debug level.
        zoo_set_debug_level(ZOO_LOG_LEVEL_WARN)
    }()

    /// Starts connecting to `connectString` (`host:port,host:port[/chroot]`). Returns at once;
    /// use `waitUntilConnected(deadline:)`.
    ///
    /// - Parameters:
    ///   - sessionTimeout: what the server may grant at most; it expires the session after this long
    ///     without hearing from us.
    ///   - acl: the ACL of every znode this session creates.
    package init(
        connectString: String, sessionTimeout: Duration, acl: ZooKeeperACL,
        packetLimit: Int = ZooKeeperRequestSize.defaultPacketLimit, resuming clientID: ClientID? = nil
    ) throws {
        _ = Self.libraryConfigured
        let pending = PendingOperations()
        self.pending = pending
        let events = ZooKeeperSessionEvents(pending: pending)
        self.events = events
        self.acl = acl
        self.packetLimit = packetLimit
        let timeoutMilliseconds = Int32(clamping: sessionTimeout.components.seconds * 1000)
        var cClientID = clientid_t()
        if let clientID {
            cClientID.client_id = clientID.sessionID
            withUnsafeMutableBytes(of: &cClientID.passwd) { buffer in
                for (index, byte) in clientID.password.prefix(buffer.count).enumerated() { buffer[index] = byte }
            }
        }
        // The watcher context is unretained: `events` lives as long as this object, and
        // `zookeeper_close` (in `close`, before deinit completes) stops the library's threads.
        let context = Unmanaged.passUnretained(events).toOpaque()
        let created = connectString.withCString { host in
            withUnsafePointer(to: &cClientID) { id in
                // zookeeper_init2 copies the host string and the client id before returning.
                zookeeper_init2(
                    host, sessionWatcher, timeoutMilliseconds, clientID == nil ? nil : id, context, 0,
                    libraryLog)
            }
        }
        guard let created else {
            throw ZooKeeperError(.initFailed, operation: "zookeeper_init2", path: nil)
        }
        // By default the library resolves the host list again (getaddrinfo, with its netlink
        // queries, and srand) each time its I/O thread polls: under write load that was 3% of a
        // PUT's instructions and several system calls per request. Once every 10 s is enough to
        // follow DNS changes; a lost connection still resolves at once.
        zoo_set_servers_resolution_delay(created, Self.resolutionDelayMilliseconds)
        handle = created
    }

    /// The least time between two routine resolutions of the host list.
    static let resolutionDelayMilliseconds: Int32 = 10_000

    deinit { close() }

    /// The handle's state as last reported by the library.
    public var state: ZooKeeperSessionState { events.current }

    /// The handle's state and how many changes led to it.
    public var observation: ZooKeeperSessionObservation { events.observation }

    /// Waits for the state change after `seen` (returns at once if there was one, or if the handle
    /// is dead); `nil` at once if the task is cancelled. Quick successive changes may be reported as
    /// the last one.
    public func stateChange(after seen: ZooKeeperSessionObservation) async -> ZooKeeperSessionObservation? {
        await events.change(after: seen)
    }

    /// Waits until connected; throws `.deadlineExceeded`, `.sessionExpired` or `.authFailed`. Enforces
    /// its own deadline.
    public func waitUntilConnected(deadline: ContinuousClock.Instant) async throws {
        try await withDeadlinesEnforced { try await events.waitUntilConnected(deadline: deadline) }
    }

    // MARK: Deadlines

    /// Fails callers whose deadline passed, until the task is cancelled: one timer for all the
    /// session's calls, far cheaper than a timer per call. It ticks often only while something
    /// waits, so an idle server stays idle; a call made after an idle tick may be failed up to
    /// 250 ms after its deadline.
    public func enforceDeadlines() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(pending.isEmpty ? 250 : 20))
            pending.failExpired(now: .now)
        }
    }

    /// Runs `body` while a child task enforces this session's deadlines (`enforceDeadlines()`): for
    /// work on a session that no running `ZooKeeperClient` sweeps, such as connecting it.
    public func withDeadlinesEnforced<Result: Sendable>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self, returning: Result.self, isolation: isolation) { group in
            group.addTask { await self.enforceDeadlines() }
            defer { group.cancelAll() }
            return try await body()
        }
    }

    /// The session's identity, once connected.
    package var clientID: ClientID {
        // zoo_client_id points into the handle; copy it out at once.
        let id = zoo_client_id(handle)!.pointee
        let password = withUnsafeBytes(of: id.passwd) { Array($0) }
        return ClientID(sessionID: id.client_id, password: password)
    }

    /// The session timeout the server granted, once connected.
    public var negotiatedTimeout: Duration { .milliseconds(Int(zoo_recv_timeout(handle))) }

    /// Closes the handle: the server ends the session (its ephemeral nodes and watches go), waiting
    /// callers get `.closing` or `.clientClosed`. Idempotent. Blocks until the library's threads stop,
    /// so it must never be called from a ZooKeeper completion or watcher.
    public func close() {
        guard !isClosed.exchange(true, ordering: .sequentiallyConsistent) else { return }
        // A submitter that saw the handle open finishes its (non-blocking) C call first; any later
        // one sees it closed. Sequentially consistent, so that either the submitter's count or this
        // flag is seen by the other side.
        while submitting.load(ordering: .sequentiallyConsistent) > 0 { sched_yield() }
        // Completions still queued are called with ZCLOSING before this returns.
        zookeeper_close(handle)
        pending.failAll(.clientClosed)
        watches.endAll()
        events.handle(.closed)
    }

    // MARK: Submission

    /// Submits one asynchronous C call for a caller waiting on `Completion<Value>`.
    ///
    /// `submit` gets the opaque pointer to pass as the C completion's `data`; the completion takes
    /// back the retained reference. When submission fails the completion never runs, so the
    /// reference is released here.
    func perform<Value: Sendable>(
        _ operation: String, path: String?, deadline: ContinuousClock.Instant,
        _ submit: (UnsafeMutableRawPointer) -> Int32
    ) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            let completion = Completion(
                continuation, operation: operation, path: path, deadline: deadline, registry: pending)
            submitting.add(1, ordering: .sequentiallyConsistent)
            defer { submitting.subtract(1, ordering: .sequentiallyConsistent) }
            guard !isClosed.load(ordering: .sequentiallyConsistent) else {
                completion.fail(ZooKeeperError(.clientClosed, operation: operation, path: path))
                return
            }
            pending.insert(completion)
            let opaque = Unmanaged.passRetained(completion).toOpaque()
            let rc = submit(opaque)
            if rc != ZOK.rawValue {
                Unmanaged<Completion<Value>>.fromOpaque(opaque).release()
                completion.fail(code: rc)
            }
        }
    }

    /// Refuses a request the server would answer by dropping the connection.
    func checkSize(_ size: Int, operation: String, path: String) throws {
        if size > packetLimit { throw ZooKeeperError(.requestTooLarge, operation: operation, path: path) }
    }

    /// The C ACL vector for znodes this session creates.
    var cACL: UnsafePointer<ACL_vector> {
        switch acl {
        case .open: return UnsafePointer(cszk_open_acl_unsafe())
        case .creatorOnly: return UnsafePointer(cszk_creator_all_acl())
        }
    }
}

/// The session watcher every handle is created with. Runs on the library's completion thread.
private func sessionWatcher(
    _ handle: OpaquePointer?, _ type: Int32, _ state: Int32, _ path: UnsafePointer<CChar>?,
    _ context: UnsafeMutableRawPointer?
) {
    guard type == cszk_event_session(), let context else { return }
    let events = Unmanaged<ZooKeeperSessionEvents>.fromOpaque(context).takeUnretainedValue()
    events.handle(ZooKeeperSessionState(cState: state))
}

/// Where the C library's own log lines go: swift-log at debug level, so they are quiet by default.
private let libraryLogger = Logger(label: "secretstore.zookeeper.c")

private func libraryLog(_ message: UnsafePointer<CChar>?) {
    guard let message else { return }
    libraryLogger.debug("\(String(cString: message))")
}
