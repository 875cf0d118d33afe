/// The delays between attempts of a retry loop: `initial` first, then each one `multiplier` times
/// the last, never more than `maximum`, until `reset()` starts over.
///
/// A plain value: each loop keeps its own, resets it after a success, and sleeps through
/// `sleep()`, which a cancelled task leaves at once.
public struct Backoff: Sendable, Hashable {
    /// The first delay, and the one after a reset.
    public let initial: Duration
    /// The longest delay.
    public let maximum: Duration
    /// How much each delay grows over the previous one.
    public let multiplier: Double
    /// The delay `next()` returns.
    private var upcoming: Duration

    /// Delays from `initial`, growing by `multiplier` (at least 1), capped at `maximum` (at least `initial`).
    public init(initial: Duration, maximum: Duration, multiplier: Double = 2) {
        self.initial = initial
        self.maximum = max(initial, maximum)
        self.multiplier = max(multiplier, 1)
        upcoming = initial
    }

    /// The delay before the next attempt; the one after grows.
    public mutating func next() -> Duration {
        let delay = upcoming
        upcoming = min(upcoming * multiplier, maximum)
        return delay
    }

    /// Starts over at `initial`, e.g. after an attempt succeeded.
    public mutating func reset() {
        upcoming = initial
    }

    /// Sleeps for `next()`. Returns `false`, at once, if the task is cancelled.
    @discardableResult
    public mutating func sleep() async -> Bool {
        let delay = next()
        do {
            try await Task.sleep(for: delay)
            return true
        } catch {
            return false
        }
    }
}

/// Runs `attempt` until it succeeds, sleeping `backoff`'s delays between failures; `failed` hears
/// of each failure (to log it) before the sleep. Returns `nil` if the task is cancelled first.
public func retrying<Result>(
    with backoff: Backoff, _ attempt: () async throws -> Result, failed: (any Error) -> Void = { _ in }
) async -> Result? {
    var backoff = backoff
    while !Task.isCancelled {
        do {
            return try await attempt()
        } catch {
            failed(error)
            guard await backoff.sleep() else { return nil }
        }
    }
    return nil
}
