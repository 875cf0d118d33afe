/// Counts failed logins per uid and per client address and says when a subject must wait: a plain
/// state machine, held in a `Mutex` by `LoginService`.
///
/// A subject with `limit` failures inside the last `window` is refused until the oldest of them
/// leaves the window. A successful login clears its uid's failures (not its address's).
struct LoginThrottle: Sendable {
    private enum Subject: Hashable {
        case uid(String)
        case address(String)
    }

    let policy: LoginService.Policy
    private var failures: [Subject: [ContinuousClock.Instant]] = [:]
    /// Past this many tracked subjects, expired ones are dropped on the next failure.
    private static let pruneThreshold = 10_000

    init(policy: LoginService.Policy) { self.policy = policy }

    /// How long `uid` from `address` must wait before trying again, or `nil` if it may try now.
    func retryAfter(uid: String, address: String?, now: ContinuousClock.Instant) -> Duration? {
        var wait = waitTime(.uid(uid), limit: policy.failuresPerUID, now: now)
        if let address, let addressWait = waitTime(.address(address), limit: policy.failuresPerAddress, now: now) {
            wait = max(wait ?? .zero, addressWait)
        }
        return wait
    }

    mutating func recordFailure(uid: String, address: String?, now: ContinuousClock.Instant) {
        if failures.count > Self.pruneThreshold { prune(now: now) }
        record(.uid(uid), limit: policy.failuresPerUID, now: now)
        if let address { record(.address(address), limit: policy.failuresPerAddress, now: now) }
    }

    mutating func recordSuccess(uid: String) {
        failures[.uid(uid)] = nil
    }

    private func waitTime(_ subject: Subject, limit: Int, now: ContinuousClock.Instant) -> Duration? {
        guard let times = failures[subject], times.count >= limit else { return nil }
        // Only the last `limit` failures are kept: the first of them decides when the block ends.
        let until = times[times.count - limit] + policy.window
        return until > now ? until - now : nil
    }

    private mutating func record(_ subject: Subject, limit: Int, now: ContinuousClock.Instant) {
        var times = failures[subject, default: []].filter { now - $0 < policy.window }
        times.append(now)
        failures[subject] = Array(times.suffix(limit))
    }

    private mutating func prune(now: ContinuousClock.Instant) {
        failures = failures.filter { _, times in times.last.map { now - $0 < policy.window } ?? false }
    }
}
