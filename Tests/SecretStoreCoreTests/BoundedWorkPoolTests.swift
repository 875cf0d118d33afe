import Dispatch
import Foundation
import SecretStoreCore
import Synchronization
import Testing

/// The pool password hashes run on: a bounded number at once, a bounded queue, refusal past it.
@Suite("Bounded work pool", .timeLimit(.minutes(1)))
struct BoundedWorkPoolTests {
    /// Waits until `condition` holds, at most 10 s.
    static func until(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("the pool did not reach the expected state within 10 s")
                return
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    @Test func noMoreThanWidthJobsRunAtOnce() async throws {
        let pool = BoundedWorkPool(limits: .init(width: 2, queueLimit: 100))
        let counts = Shared((running: 0, most: 0))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<12 {
                group.addTask {
                    try await pool.run {
                        counts.value.withLock {
                            $0.running += 1
                            $0.most = max($0.most, $0.running)
                        }
                        Thread.sleep(forTimeInterval: 0.02)
                        counts.value.withLock { $0.running -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        // At most the width; whether two ever overlapped depends on scheduling (on a loaded machine
        // they may not), so that both can run at once is the next test's, by rendezvous.
        #expect(counts.value.withLock { $0.most } <= 2)
        #expect(pool.load == (0, 0))
    }

    @Test func widthJobsRunTogether() async throws {
        let pool = BoundedWorkPool(limits: .init(width: 2, queueLimit: 100))
        let first = DispatchSemaphore(value: 0)
        let second = DispatchSemaphore(value: 0)
        // Each job waits for the other to have started: both finish only if both run at once.
        async let a: DispatchTimeoutResult = pool.run {
            first.signal()
            return second.wait(timeout: .now() + 20)
        }
        async let b: DispatchTimeoutResult = pool.run {
            second.signal()
            return first.wait(timeout: .now() + 20)
        }
        let results = try await [a, b]
        #expect(results == [.success, .success])
    }

    @Test func pastTheQueueCallersAreRefusedAtOnceAndTheRestStillRun() async throws {
        let pool = BoundedWorkPool(limits: .init(width: 1, queueLimit: 2))
        let gate = DispatchSemaphore(value: 0)
        let finished = Shared(0)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await pool.run { gate.wait() } }
            try await Self.until { pool.load == (1, 0) }
            for _ in 0..<2 { group.addTask { try await pool.run { finished.value.withLock { $0 += 1 } } } }
            try await Self.until { pool.load == (1, 2) }
            await #expect(throws: BoundedWorkPool.Overloaded()) { try await pool.run { Issue.record("ran") } }
            gate.signal()
            try await group.waitForAll()
        }
        #expect(finished.value.withLock { $0 } == 2)
        #expect(pool.load == (0, 0))
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let pool = BoundedWorkPool(limits: .init(width: 1, queueLimit: 1))
        let gate = DispatchSemaphore(value: 0)
        let blocker = Task { try await pool.run { gate.wait() } }
        try await Self.until { pool.load == (1, 0) }
        let waiter = Task { try await pool.run { Issue.record("a cancelled waiter ran") } }
        try await Self.until { pool.load == (1, 1) }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(pool.load == (1, 0))
        gate.signal()
        try await blocker.value
        #expect(pool.load == (0, 0))
    }
}

/// A value behind a lock that concurrent test tasks share.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
}
