import Testing

@testable import SecretStoreCore

/// The throttle's state machine: slots are reserved before any credential is checked, so that a
/// burst cannot get more checks than the limit.
@Suite("Login throttle")
struct LoginThrottleTests {
    static let policy = LoginService.Policy(failuresPerUID: 5, failuresPerAddress: 20, window: .seconds(60))
    static let start = ContinuousClock.now

    static func reservation(_ decision: LoginThrottle.Decision) -> LoginThrottle.Reservation? {
        if case .proceed(let reservation) = decision { return reservation }
        return nil
    }

    @Test(arguments: [60, 200])
    func concurrentReservationsForOneUidGetExactlyTheLimit(attempts: Int) async {
        let throttle = Shared(LoginThrottle(policy: Self.policy))
        let granted = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<attempts {
                group.addTask {
                    let now = ContinuousClock.now
                    let decision = throttle.value.withLock {
                        $0.reserve(uid: "alice", address: "10.0.\(index / 250).\(index % 250)", now: now)
                    }
                    return Self.reservation(decision) != nil
                }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 5)
        #expect(throttle.value.withLock { $0.slotsTaken(uid: "alice") } == 5)
    }

    @Test func whileEverySlotIsInFlightTheWaitIsShort() throws {
        var throttle = LoginThrottle(policy: Self.policy)
        for _ in 0..<5 {
            #expect(Self.reservation(throttle.reserve(uid: "alice", address: nil, now: Self.start)) != nil)
        }
        #expect(throttle.reserve(uid: "alice", address: nil, now: Self.start) == .wait(LoginThrottle.inFlightRetry))
        // Another uid is not affected.
        #expect(Self.reservation(throttle.reserve(uid: "bob", address: nil, now: Self.start)) != nil)
    }

    @Test func failuresKeepTheirSlotsUntilTheWindowPassesFromTheFailure() throws {
        var throttle = LoginThrottle(policy: Self.policy)
        for second in 0..<5 {
            let now = Self.start + .seconds(second)
            let reservation = try #require(Self.reservation(throttle.reserve(uid: "alice", address: nil, now: now)))
            throttle.fail(reservation, now: now)
        }
        // The oldest failure (at 0 s) leaves the window at 60 s.
        #expect(throttle.reserve(uid: "alice", address: nil, now: Self.start + .seconds(10)) == .wait(.seconds(50)))
        #expect(throttle.reserve(uid: "alice", address: nil, now: Self.start + .seconds(59)) == .wait(.seconds(1)))
        #expect(Self.reservation(throttle.reserve(uid: "alice", address: nil, now: Self.start + .seconds(60))) != nil)
        #expect(throttle.slotsTaken(uid: "alice") == 5)
    }

    @Test func aSuccessGivesItsSlotBackAndClearsTheUidsFailuresButNotTheAddresss() throws {
        let policy = LoginService.Policy(failuresPerUID: 4, failuresPerAddress: 4, window: .seconds(60))
        var throttle = LoginThrottle(policy: policy)
        for _ in 0..<2 {
            let failed = try #require(Self.reservation(throttle.reserve(uid: "alice", address: "a", now: Self.start)))
            throttle.fail(failed, now: Self.start)
        }
        let inFlight = try #require(Self.reservation(throttle.reserve(uid: "alice", address: "b", now: Self.start)))
        let succeeding = try #require(Self.reservation(throttle.reserve(uid: "alice", address: "c", now: Self.start)))
        #expect(throttle.slotsTaken(uid: "alice") == 4)
        throttle.succeed(succeeding)
        // The success clears alice's failures; her other attempt in flight keeps its slot.
        #expect(throttle.slotsTaken(uid: "alice") == 1)
        throttle.release(inFlight)
        #expect(throttle.slotsTaken(uid: "alice") == 0)
        // Address "a" still holds alice's two failures: two more attempts from it, then it waits.
        for _ in 0..<2 {
            let next = try #require(Self.reservation(throttle.reserve(uid: "carol", address: "a", now: Self.start)))
            throttle.fail(next, now: Self.start)
        }
        #expect(throttle.reserve(uid: "dave", address: "a", now: Self.start) == .wait(.seconds(60)))
        #expect(Self.reservation(throttle.reserve(uid: "dave", address: "c", now: Self.start)) != nil)
    }

    @Test func aReleasedReservationFreesItsSlotWithoutClearingFailures() throws {
        let policy = LoginService.Policy(failuresPerUID: 2, failuresPerAddress: 20, window: .seconds(60))
        var throttle = LoginThrottle(policy: policy)
        let failed = try #require(Self.reservation(throttle.reserve(uid: "alice", address: nil, now: Self.start)))
        throttle.fail(failed, now: Self.start)
        let unchecked = try #require(Self.reservation(throttle.reserve(uid: "alice", address: nil, now: Self.start)))
        #expect(throttle.reserve(uid: "alice", address: nil, now: Self.start) == .wait(LoginThrottle.inFlightRetry))
        throttle.release(unchecked)
        #expect(throttle.slotsTaken(uid: "alice") == 1)
        #expect(Self.reservation(throttle.reserve(uid: "alice", address: nil, now: Self.start)) != nil)
    }

    @Test func theAddressLimitHoldsAcrossUids() {
        var throttle = LoginThrottle(policy: Self.policy)
        for index in 0..<20 {
            #expect(Self.reservation(throttle.reserve(uid: "u\(index)", address: "10.9.9.9", now: Self.start)) != nil)
        }
        #expect(
            throttle.reserve(uid: "u20", address: "10.9.9.9", now: Self.start) == .wait(LoginThrottle.inFlightRetry))
        #expect(Self.reservation(throttle.reserve(uid: "u20", address: "10.9.9.8", now: Self.start)) != nil)
    }
}
