/// The audit trail's state, held in the trail's `Mutex`: lines waiting to be written, the batch
/// being written, requests waiting for their line, and whether the trail is writable. Every event
/// returns what to do next (write a batch, resume waiters), done outside the lock.
///
/// Lines are written in batches: whatever is pending when a write ends goes out in one `write(2)`,
/// so that a busy server makes one system call for many requests. The trail stops admitting
/// requests when a write failed (`failing`, until a probe line is written), when the batch in
/// flight is older than the timeout (a stuck pipe or disk), when too much is pending, and after
/// shutdown began.
struct AuditTrailStateMachine {
    typealias Waiter = CheckedContinuation<Void, any Error>
    typealias Instant = ContinuousClock.Instant

    /// A request waiting for its line, until `deadline`.
    struct Waiting {
        var continuation: Waiter
        var deadline: Instant
    }

    /// Bytes to write, and the requests that wait for them.
    struct Batch {
        var bytes: [UInt8]
        var lines: Int
        /// Whether this is a probe of a failing trail (its gap line), not requests' lines.
        var isProbe: Bool
    }

    /// Requests to resume once the lock is released.
    struct Resumption {
        var succeeded: [Waiter] = []
        var failed: [Waiter] = []
        /// The next batch to write, if any.
        var next: Batch?
    }

    /// Whether lines can be written.
    enum Health: Equatable {
        case writable
        /// The last write failed, for `reason`; lines are refused until a probe succeeds.
        case failing(reason: String)
    }

    private struct Pending {
        var line: [UInt8]
        var waiting: Waiting?
    }

    private(set) var health = Health.writable
    private var pending: [Pending] = []
    private var pendingBytes = 0
    private struct InFlight {
        var started: Instant
        var lines: Int
        var isProbe: Bool
        var waiting: [Waiting]
    }

    private var inFlight: InFlight?
    private var lastProbe: Instant?
    private var isClosed = false
    /// Whether a failed write left part of a line: the next write starts with a newline.
    private var isTorn = false
    /// Lines refused or dropped since the trail last was writable, for the gap line.
    private(set) var refused = 0

    /// How long a request waits for its line, and how old a batch may be before the trail is stuck.
    let timeout: Duration
    /// The most lines pending.
    let maximumPendingLines: Int
    /// The most bytes pending.
    let maximumPendingBytes: Int

    /// An empty, writable trail.
    init(timeout: Duration, maximumPendingLines: Int = 4096, maximumPendingBytes: Int = 4 << 20) {
        self.timeout = timeout
        self.maximumPendingLines = maximumPendingLines
        self.maximumPendingBytes = maximumPendingBytes
    }

    /// Whether a request may start now: its line could be written in time.
    func admits(now: Instant) -> Bool {
        guard !isClosed, health == .writable, pending.count < maximumPendingLines,
            pendingBytes < maximumPendingBytes
        else { return false }
        if let inFlight, inFlight.started.advanced(by: timeout) < now { return false }
        return true
    }

    /// What a request may do with its line when nothing is being written.
    enum Lead {
        /// Refused: the trail is not writable.
        case refused
        /// Write this batch (the request's line alone) on the caller's thread, without waiting.
        case leading(Batch)
        /// A write is under way: queue the line and wait.
        case busy
    }

    /// Takes `line` as a batch of its own when nothing is pending or being written: the caller
    /// writes it itself, without queueing and waiting.
    mutating func lead(_ line: [UInt8], now: Instant) -> Lead {
        guard admits(now: now) else {
            refused += 1
            return .refused
        }
        guard inFlight == nil, pending.isEmpty else { return .busy }
        inFlight = InFlight(started: now, lines: 1, isProbe: false, waiting: [])
        return .leading(Batch(bytes: isTorn ? [UInt8(ascii: "\n")] + line : line, lines: 1, isProbe: false))
    }

    /// Queues `line`; a `waiting` request is resumed when it is written. Returns `nil` if the line
    /// is refused (the caller fails the request), else a batch to start writing, if none is in flight.
    mutating func enqueue(_ line: [UInt8], waiting: Waiting?, now: Instant) -> Batch?? {
        guard admits(now: now) else {
            refused += 1
            return nil
        }
        pending.append(Pending(line: line, waiting: waiting))
        pendingBytes += line.count
        return .some(inFlight == nil ? takeBatch(now: now) : nil)
    }

    /// The write of the batch in flight ended, with `failure` if it failed (`written` bytes of it
    /// went out).
    mutating func batchWritten(failure: String?, written: Int, of total: Int, now: Instant) -> Resumption {
        var resumption = Resumption()
        guard let batch = inFlight else { return resumption }
        inFlight = nil
        if let failure {
            isTorn = written > 0 && written < total
            if !batch.isProbe { refused += batch.lines }
            health = .failing(reason: failure)
            resumption.failed = batch.waiting.map(\.continuation)
            resumption.failed += pending.compactMap(\.waiting?.continuation)
            refused += pending.count
            pending.removeAll()
            pendingBytes = 0
            return resumption
        }
        isTorn = false
        if batch.isProbe {
            health = .writable
            refused = 0
        }
        resumption.succeeded = batch.waiting.map(\.continuation)
        if !pending.isEmpty { resumption.next = takeBatch(now: now) }
        return resumption
    }

    /// Fails the requests whose deadline has passed: pending ones lose their line too; those in the
    /// batch being written keep it (it may still appear).
    mutating func expire(now: Instant) -> [Waiter] {
        var expired: [Waiter] = []
        pending.removeAll { entry in
            guard let waiting = entry.waiting, waiting.deadline <= now else { return false }
            expired.append(waiting.continuation)
            pendingBytes -= entry.line.count
            return true
        }
        if var batch = inFlight {
            batch.waiting.removeAll { waiting in
                guard waiting.deadline <= now else { return false }
                expired.append(waiting.continuation)
                return true
            }
            inFlight = batch
        }
        refused += expired.count
        return expired
    }

    /// While failing, a probe every `interval`: a gap line saying how many lines were lost; once it
    /// is written the trail is writable again. `force` probes now (after `SIGHUP`).
    mutating func probe(now: Instant, interval: Duration, force: Bool = false, gapLine: (Int) -> [UInt8]) -> Batch? {
        guard case .failing = health, !isClosed, inFlight == nil else { return nil }
        if !force, let lastProbe, lastProbe.advanced(by: interval) > now { return nil }
        lastProbe = now
        inFlight = InFlight(started: now, lines: 1, isProbe: true, waiting: [])
        let bytes = (isTorn ? [UInt8(ascii: "\n")] : []) + gapLine(refused)
        return Batch(bytes: bytes, lines: 1, isProbe: true)
    }

    /// Shutdown: no more lines. Returns whether lines are still pending or being written.
    mutating func close() -> Bool {
        isClosed = true
        return inFlight != nil || !pending.isEmpty
    }

    /// Whether nothing is pending or being written.
    var isIdle: Bool { inFlight == nil && pending.isEmpty }

    private mutating func takeBatch(now: Instant) -> Batch {
        var bytes: [UInt8]
        if pending.count == 1, !isTorn {
            bytes = pending[0].line
        } else {
            bytes = isTorn ? [UInt8(ascii: "\n")] : []
            bytes.reserveCapacity(pendingBytes + 1)
            for entry in pending { bytes += entry.line }
        }
        let waiting = pending.compactMap(\.waiting)
        let lines = pending.count
        pending.removeAll(keepingCapacity: true)
        pendingBytes = 0
        inFlight = InFlight(started: now, lines: lines, isProbe: false, waiting: waiting)
        return Batch(bytes: bytes, lines: lines, isProbe: false)
    }
}
