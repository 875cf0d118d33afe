/// Counts login attempts per uid and per client address and decides, before any credential is
/// checked, whether one more may start: a plain state machine, held in a `Mutex` by `LoginService`.
///
/// An attempt reserves a slot in its uid's and its address's count *before* its password is
/// hashed, so that however many attempts arrive at once, at most `limit` checks per subject and
/// window can start (checking first and counting afterwards let 15 of 60 concurrent wrong
/// passwords through a limit of 5). A failed attempt keeps its slot until `window` has passed since
/// it failed; a successful one gives its slot back and clears its uid's failures (not its
/// address's); one that never checked anything (the hashing pool was full) gives its slot back.
struct LoginThrottle: Sendable {
    /// A slot held by one login attempt, to be settled with `fail`, `succeed` or `release`.
    struct Reservation: Sendable, Hashable {
        fileprivate let id: UInt64
        /// The uid the attempt is for.
        let uid: String
        /// The client address it comes from, if known.
        let address: String?
    }

    /// What `reserve` decided.
    enum Decision: Sendable, Equatable {
        /// The attempt may check its credentials.
        case proceed(Reservation)
        /// Refused: try again after this long.
        case wait(Duration)
    }

    private enum Subject: Hashable {
        case uid(String)
        case address(String)
    }

    /// One slot: in flight (`failedAt == nil`) or failed at `failedAt`.
    private struct Attempt {
        var id: UInt64
        var failedAt: ContinuousClock.Instant?
    }

    let policy: LoginService.Policy
    private var attempts: [Subject: [Attempt]] = [:]
    private var nextID: UInt64 = 0
    /// Past this many tracked subjects, those with nothing left in the window are dropped.
    private static let pruneThreshold = 10_000
    /// What `wait` says while every slot is held by an attempt still in flight: one may succeed
    /// and give its slot back any moment.
    static let inFlightRetry = Duration.seconds(1)

    init(policy: LoginService.Policy) { self.policy = policy }

    /// Reserves a slot for one attempt of `uid` from `address`, or says how long to wait.
    mutating func reserve(uid: String, address: String?, now: ContinuousClock.Instant) -> Decision {
        if attempts.count > Self.pruneThreshold { prune(now: now) }
        var subjects = [(Subject.uid(uid), policy.failuresPerUID)]
        if let address { subjects.append((.address(address), policy.failuresPerAddress)) }
        var wait: Duration?
        for (subject, limit) in subjects {
            expire(subject, now: now)
            if let subjectWait = waitTime(subject, limit: limit, now: now) { wait = max(wait ?? .zero, subjectWait) }
        }
        if let wait { return .wait(wait) }
        nextID += 1
        for (subject, _) in subjects { attempts[subject, default: []].append(Attempt(id: nextID, failedAt: nil)) }
        return .proceed(Reservation(id: nextID, uid: uid, address: address))
    }

    /// The attempt failed: its slots count as failures until `window` has passed from `now`.
    mutating func fail(_ reservation: Reservation, now: ContinuousClock.Instant) {
        for subject in subjects(of: reservation) {
            guard let index = attempts[subject]?.firstIndex(where: { $0.id == reservation.id }) else { continue }
            attempts[subject]?[index].failedAt = now
        }
    }

    /// The attempt succeeded: it gives its slots back and its uid's failures are forgotten.
    mutating func succeed(_ reservation: Reservation) {
        attempts[.uid(reservation.uid)]?.removeAll { $0.id == reservation.id || $0.failedAt != nil }
        release(reservation)
    }

    /// The attempt checked nothing: it gives its slots back.
    mutating func release(_ reservation: Reservation) {
        for subject in subjects(of: reservation) {
            attempts[subject]?.removeAll { $0.id == reservation.id }
            if attempts[subject]?.isEmpty == true { attempts[subject] = nil }
        }
    }

    /// How many slots of `uid` are taken (in flight or failed within the window): for tests.
    func slotsTaken(uid: String) -> Int { attempts[.uid(uid)]?.count ?? 0 }

    private func subjects(of reservation: Reservation) -> [Subject] {
        [.uid(reservation.uid)] + (reservation.address.map { [.address($0)] } ?? [])
    }

    private func waitTime(_ subject: Subject, limit: Int, now: ContinuousClock.Instant) -> Duration? {
        guard let held = attempts[subject], held.count >= limit else { return nil }
        // A slot frees when the oldest failure leaves the window, or sooner if an attempt in flight
        // succeeds.
        var wait: Duration?
        if let oldest = held.compactMap(\.failedAt).min() { wait = oldest + policy.window - now }
        if held.contains(where: { $0.failedAt == nil }) { wait = min(wait ?? Self.inFlightRetry, Self.inFlightRetry) }
        return wait
    }

    /// Drops the failures of `subject` that left the window; attempts in flight stay.
    private mutating func expire(_ subject: Subject, now: ContinuousClock.Instant) {
        guard var held = attempts[subject] else { return }
        held.removeAll { attempt in attempt.failedAt.map { now - $0 >= policy.window } ?? false }
        attempts[subject] = held.isEmpty ? nil : held
    }

    private mutating func prune(now: ContinuousClock.Instant) {
        for subject in Array(attempts.keys) { expire(subject, now: now) }
    }
}
