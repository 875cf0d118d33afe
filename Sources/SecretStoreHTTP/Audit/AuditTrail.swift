import Dispatch
import Logging
import SecretStoreConcurrency
import SecretStoreCore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The audit trail (contract §9): one JSON line per request, written before the response leaves,
/// to a file or standard output. Fails closed: a request whose line cannot be written in time is
/// answered 503 `AUDIT_UNAVAILABLE` instead, and while the trail is broken new requests are refused
/// at once, before they act. `SIGHUP` reopens the file (log rotation).
///
/// Writes happen on one serial dispatch queue, never in a task: a `write(2)` to a pipe nobody reads,
/// or to a stuck disk, blocks its thread, and the two cores' cooperative threads must stay free.
/// Lines pending when a write ends go out together in the next one (group commit).
///
/// As a `Service` it loads the path-hashing key, expires waiting requests every 50 ms (and reopens
/// a file moved away without a signal), probes a broken trail every 500 ms until it can be written
/// again, and reopens the file on `SIGHUP`.
public final class AuditTrail: Service, Sendable {
    /// Hides paths in lines.
    public let hasher: AuditPathHasher
    private let file: AuditFile
    private let state: Mutex<AuditTrailStateMachine>
    private let queue = DispatchQueue(label: "secretstore.audit")
    /// Whether a batch is being written (read by requests that wait a moment for it).
    private let writing: Atomic<Bool>
    /// Whether a replaced-file check is queued and not done yet.
    private let replacedCheckPending: Atomic<Bool>
    let storage: any Storage
    private let metrics: StoreMetrics
    private let logger: Logger

    /// How often waiting requests are checked against their deadline.
    static let sweepInterval = Duration.milliseconds(50)
    /// How often a broken trail is tried again.
    static let probeInterval = Duration.milliseconds(500)

    /// A trail written to `destination`, whose requests wait at most `timeout` for their line.
    /// Throws if the file cannot be opened: a server that cannot audit does not start.
    public init(
        destination: AuditDestination, timeout: Duration, hasher: AuditPathHasher, storage: any Storage,
        metrics: StoreMetrics, logger: Logger
    ) throws {
        do {
            file = try AuditFile(destination)
        } catch {
            throw AuditTrailError("cannot open the audit trail: \(error)")
        }
        state = Mutex(AuditTrailStateMachine(timeout: timeout))
        writing = Atomic(false)
        replacedCheckPending = Atomic(false)
        self.hasher = hasher
        self.storage = storage
        self.metrics = metrics
        self.logger = logger
    }

    /// Whether a request may start: the trail is writable, not stuck, and paths can be hidden.
    /// Throws 503 `AUDIT_UNAVAILABLE` otherwise, before the request has any effect.
    func admit() throws {
        guard hasher.isReady else {
            metrics.auditLineFailed()
            throw APIError.auditUnavailable("the audit trail's key is not loaded yet")
        }
        guard state.withLock({ $0.admits(now: .now) }) else {
            metrics.auditLineFailed()
            throw APIError.auditUnavailable("the audit trail cannot be written")
        }
    }

    /// Writes `line` and waits until it is written; throws 503 `AUDIT_UNAVAILABLE` if it cannot be
    /// within the timeout.
    func write(_ line: AuditLine) async throws {
        try await write(line.jsonLine)
    }

    /// Writes `intent` and waits until it is written, as `write(_:)` does for a request's line.
    func write(_ intent: AuditIntent) async throws {
        try await write(intent.jsonLine)
    }

    private func write(_ bytes: [UInt8]) async throws {
        // The common case: nothing is being written, and writing to a regular file does not wait
        // for anyone. The request writes its line itself and goes on without suspending. When
        // another thread is writing, it waits for it a moment: a line takes microseconds, while a
        // suspension and the wake-up that ends it cost more than the line on these machines.
        var waitedUntil: ContinuousClock.Instant?
        while file.isRegular {
            switch state.withLock({ $0.lead(bytes, now: .now) }) {
            case .refused:
                metrics.auditLineFailed()
                throw APIError.auditUnavailable("the audit trail cannot be written")
            case .leading(let batch):
                let outcome = queue.sync { perform(batch) }
                if let next = outcome.next { start(next) }
                guard !outcome.failed else {
                    metrics.auditLineFailed()
                    throw APIError.auditUnavailable("the audit trail cannot be written")
                }
                return
            case .busy:
                let deadline = waitedUntil ?? ContinuousClock.now.advanced(by: Self.briefWait)
                waitedUntil = deadline
                // The clock is read once every 64 looks at the flag: reading it costs more than a look.
                var now = ContinuousClock.now
                var looks = 0
                while writing.load(ordering: .acquiring), now < deadline {
                    looks &+= 1
                    if looks & 63 == 0 { now = .now }
                }
                if now < deadline { continue }
            }
            break
        }
        try await withCheckedThrowingContinuation { (continuation: AuditTrailStateMachine.Waiter) in
            let now = ContinuousClock.now
            let batch = state.withLock { state in
                let waiting = AuditTrailStateMachine.Waiting(
                    continuation: continuation, deadline: now.advanced(by: state.timeout))
                return state.enqueue(bytes, waiting: waiting, now: now)
            }
            switch batch {
            case .none:
                metrics.auditLineFailed()
                continuation.resume(throwing: APIError.auditUnavailable("the audit trail cannot be written"))
            case .some(let batch):
                if let batch { start(batch) }
            }
        }
    }

    /// Queues `line` without waiting (liveness, health and metrics requests, which must answer while
    /// the trail is broken); dropped if the trail is not writable.
    func post(_ line: AuditLine) {
        let bytes = line.jsonLine
        let batch = state.withLock { $0.enqueue(bytes, waiting: nil, now: .now) }
        if case .some(let batch?) = batch { start(batch) }
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                group.addTask {
                    await self.loadKey()
                    await self.followKey()
                }
                group.addTask { await self.reopenOnHangUp() }
                group.addTask { await self.keepTime() }
            }
        }
        await drain()
    }

    // Loaded with clear paths too: `POST /audit-hash` answers the installation's hash either way.
    private func loadKey() async {
        // The server loads it before it listens; this is for a trail started without it.
        guard !hasher.hasKey else { return }
        _ = await retrying(with: Backoff(initial: .milliseconds(200), maximum: .seconds(5))) {
            try await self.hasher.load(from: self.storage)
        } failed: { error in
            self.logger.warning(
                "Cannot load the audit key yet: requests are refused until it is", metadata: ["error": "\(error)"])
        }
    }

    /// Takes the key again whenever its record changes: a restore through another instance brings
    /// the backup's, and every instance must hash a path alike.
    private func followKey() async {
        await storage.follow(AuditPathHasher.storageKey) {
            do {
                try await self.hasher.reload(from: self.storage)
            } catch {
                self.logger.warning("Cannot reload the audit key", metadata: ["error": "\(error)"])
                throw error
            }
        }
    }

    private func reopenOnHangUp() async {
        guard case .file = file.destination else { return }
        for await _ in await UnixSignalsSequence(trapping: .sighup) {
            queue.async {
                do {
                    try self.file.reopen()
                    self.logger.notice("Audit trail reopened", metadata: ["file": "\(self.file.destination)"])
                } catch {
                    self.logger.error("Cannot reopen the audit trail", metadata: ["error": "\(error)"])
                }
            }
            probe(force: true)
        }
    }

    private func keepTime() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: Self.sweepInterval) } catch { return }
            let expired = state.withLock { $0.expire(now: .now) }
            for waiter in expired {
                metrics.auditLineFailed()
                waiter.resume(throwing: APIError.auditUnavailable("the audit trail did not take the line in time"))
            }
            probe(force: false)
            reopenIfReplaced()
        }
    }

    /// Reopens the path when another file took its place (a rotation that sent no `SIGHUP`). One
    /// check at a time: while a write blocks the queue (a stuck disk), sweeps add no more.
    private func reopenIfReplaced() {
        guard case .file = file.destination,
            !replacedCheckPending.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing)
                .original
        else { return }
        queue.async {
            defer { self.replacedCheckPending.store(false, ordering: .releasing) }
            guard self.file.isReplaced else { return }
            do {
                try self.file.reopen()
                self.logger.notice(
                    "Audit trail reopened: its file was replaced", metadata: ["file": "\(self.file.destination)"])
            } catch {
                // The next write finds it removed, or fails, and the trail fails closed.
            }
        }
    }

    private func probe(force: Bool) {
        let batch = state.withLock { state in
            state.probe(now: .now, interval: Self.probeInterval, force: force) { refused in
                Self.gapLine(refused: refused)
            }
        }
        if let batch { start(batch) }
    }

    /// Writes `batch`, then resumes its requests, and goes on with the batches queued meanwhile.
    ///
    /// To a regular file the batch is written on the calling thread, inside `queue.sync` (which runs
    /// it there when the queue is free): the queue keeps it apart from a `SIGHUP` reopen, and at most
    /// one thread writes at a time, so a stuck disk holds one thread, never the server. Handing every
    /// batch to the queue's thread cost two thread wake-ups per batch, a quarter of a cached read.
    /// A pipe or standard output may block for as long as its reader stops reading: those batches
    /// are written on the queue's own thread, and so are the batches a caller leaves after
    /// writing `callerBatches` (the request it serves must not wait behind everyone else's lines).
    private func start(_ first: AuditTrailStateMachine.Batch) {
        var batch: AuditTrailStateMachine.Batch? = first
        var written = 0
        while file.isRegular, written < Self.callerBatches, let current = batch {
            batch = queue.sync { perform(current) }.next
            written += 1
        }
        guard let rest = batch else { return }
        queue.async {
            var batch: AuditTrailStateMachine.Batch? = rest
            while let current = batch { batch = self.perform(current).next }
        }
    }

    /// How long a request waits for another thread's write to end before it queues its line.
    static let briefWait = Duration.microseconds(50)

    /// How many batches a request's thread writes before it hands the rest to the queue's thread.
    static let callerBatches = 2

    /// What writing a batch came to: the batch to write next, if lines are waiting, and whether this
    /// one failed. A type of its own, not a tuple: `queue.sync` is generic over it, and a tuple's
    /// type is looked up at run time on every call.
    struct Outcome {
        var next: AuditTrailStateMachine.Batch?
        var failed: Bool
    }

    /// Writes one batch (on the queue) and resumes its requests. Returns the next batch, if lines
    /// are waiting, and whether this one failed.
    private func perform(_ batch: AuditTrailStateMachine.Batch) -> Outcome {
        writing.store(true, ordering: .releasing)
        defer { writing.store(false, ordering: .releasing) }
        if file.isRemoved {
            // Writes to a removed file would go nowhere.
            do { try file.reopen() } catch {
                return Outcome(next: finish(batch, failure: "\(error)", written: 0), failed: true)
            }
        }
        let (written, failure) = file.write(batch.bytes)
        return Outcome(next: finish(batch, failure: failure.map { "\($0)" }, written: written), failed: failure != nil)
    }

    private func finish(_ batch: AuditTrailStateMachine.Batch, failure: String?, written: Int)
        -> AuditTrailStateMachine.Batch?
    {
        let (resumption, wasFailing) = state.withLock { state in
            let wasFailing = state.health != .writable
            return (
                state.batchWritten(failure: failure, written: written, of: batch.bytes.count, now: .now), wasFailing
            )
        }
        if let failure, !wasFailing {
            logger.error("The audit trail cannot be written: refusing requests", metadata: ["error": "\(failure)"])
        } else if failure == nil, batch.isProbe {
            logger.notice("The audit trail can be written again")
        }
        for waiter in resumption.succeeded { waiter.resume() }
        for waiter in resumption.failed {
            metrics.auditLineFailed()
            waiter.resume(throwing: APIError.auditUnavailable("the audit trail cannot be written"))
        }
        return resumption.next
    }

    /// Waits (at most the timeout) for the last lines to be written.
    private func drain() async {
        let timeout = state.withLock { state in
            _ = state.close()
            return state.timeout
        }
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while !state.withLock(\.isIdle), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    /// The line a recovered trail starts with: how many requests' lines were lost meanwhile.
    static func gapLine(refused: Int) -> [UInt8] {
        Array(#"{"time":"\#(AuditTimestamp.now)","type":"audit_gap","refused":\#(refused)}"#.utf8) + [
            UInt8(ascii: "\n")
        ]
    }
}
