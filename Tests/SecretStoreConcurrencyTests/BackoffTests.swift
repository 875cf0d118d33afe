import SecretStoreConcurrency
import Testing

@Suite("Backoff")
struct BackoffTests {
    @Test func delaysGrowByTheMultiplierUpToTheMaximum() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2)
        let delays = (0..<7).map { _ in backoff.next() }
        #expect(delays == [100, 200, 400, 800, 1000, 1000, 1000].map { Duration.milliseconds($0) })
    }

    @Test func resetStartsOverAtTheInitialDelay() {
        var backoff = Backoff(initial: .milliseconds(50), maximum: .seconds(2))
        for _ in 0..<10 { _ = backoff.next() }
        backoff.reset()
        #expect(backoff.next() == .milliseconds(50))
        #expect(backoff.next() == .milliseconds(100))
    }

    @Test func aConstantBackoffNeverGrows() {
        var backoff = Backoff(initial: .milliseconds(100), maximum: .milliseconds(100))
        #expect((0..<4).map { _ in backoff.next() } == Array(repeating: .milliseconds(100), count: 4))
    }

    @Test func nonsensicalBoundsAreClamped() {
        // A maximum below the initial delay, or a shrinking multiplier, would make retries spin.
        var backoff = Backoff(initial: .milliseconds(300), maximum: .milliseconds(10), multiplier: 0.5)
        #expect(backoff.next() == .milliseconds(300))
        #expect(backoff.next() == .milliseconds(300))
    }

    @Test func retryingReturnsTheFirstSuccessAfterReportingEachFailure() async {
        var attempts = 0
        var failures = 0
        let result = await retrying(with: Backoff(initial: .milliseconds(1), maximum: .milliseconds(2))) {
            attempts += 1
            if attempts < 3 { throw Refused() }
            return attempts
        } failed: { _ in
            failures += 1
        }
        #expect(result == 3)
        #expect(failures == 2)
    }

    @Test(.timeLimit(.minutes(1)))
    func cancellationEndsTheSleepAndTheLoopAtOnce() async {
        let start = ContinuousClock.now
        let result = await withTaskGroup(of: Int?.self) { group in
            group.addTask {
                await retrying(with: Backoff(initial: .seconds(30), maximum: .seconds(30))) { () throws -> Int in
                    throw Refused()
                }
            }
            try? await Task.sleep(for: .milliseconds(50))
            group.cancelAll()
            return await group.next() ?? nil
        }
        #expect(result == nil)
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    struct Refused: Error {}
}
