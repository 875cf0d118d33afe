import Testing

@testable import SecretStoreHTTP

/// The state machine alone: lines are given as bytes, waiters are never resumed (the machine only
/// returns them), so each test checks what it hands back.
@Suite("Audit trail state machine")
struct AuditTrailStateMachineTests {
    typealias Machine = AuditTrailStateMachine
    let start = ContinuousClock.now

    func line(_ text: String) -> [UInt8] { Array((text + "\n").utf8) }

    @Test func linesArrivingDuringAWriteGoOutTogetherInTheNext() throws {
        var machine = Machine(timeout: .seconds(1))
        let first = machine.enqueue(line("a"), waiting: nil, now: start)
        #expect(first??.bytes == line("a"))
        // A write is in flight: these wait for it.
        #expect(machine.enqueue(line("b"), waiting: nil, now: start) == .some(nil))
        #expect(machine.enqueue(line("c"), waiting: nil, now: start) == .some(nil))
        let after = machine.batchWritten(failure: nil, written: 2, of: 2, now: start)
        let next = try #require(after.next)
        #expect(String(decoding: next.bytes, as: UTF8.self) == "b\nc\n")
        #expect(next.lines == 2)
        #expect(machine.batchWritten(failure: nil, written: 4, of: 4, now: start).next == nil)
        #expect(machine.isIdle)
    }

    @Test func aFailedWriteRefusesEverythingUntilAProbeIsWritten() throws {
        var machine = Machine(timeout: .seconds(1))
        _ = machine.enqueue(line("a"), waiting: nil, now: start)
        _ = machine.enqueue(line("b"), waiting: nil, now: start)
        _ = machine.batchWritten(failure: "ENOSPC", written: 1, of: 2, now: start)
        #expect(machine.health == .failing(reason: "ENOSPC"))
        #expect(!machine.admits(now: start))
        #expect(machine.enqueue(line("c"), waiting: nil, now: start) == nil)
        // The lost lines (the failed one, the pending one, the refused one) are counted for the gap line.
        #expect(machine.refused == 3)
        let probed = machine.probe(now: start, interval: .milliseconds(500)) { Array("gap \($0)\n".utf8) }
        let probe = try #require(probed)
        // Half a line went out before the failure: the probe starts a new line.
        #expect(String(decoding: probe.bytes, as: UTF8.self) == "\ngap 3\n")
        #expect(probe.isProbe)
        // Still failing: the next probe waits for its interval.
        _ = machine.batchWritten(failure: "ENOSPC", written: 0, of: probe.bytes.count, now: start)
        #expect(
            machine.probe(now: start.advanced(by: .milliseconds(100)), interval: .milliseconds(500)) { _ in [] } == nil)
        let retried = machine.probe(now: start.advanced(by: .milliseconds(600)), interval: .milliseconds(500)) { _ in
            [1]
        }
        let again = try #require(retried)
        _ = machine.batchWritten(failure: nil, written: again.bytes.count, of: again.bytes.count, now: start)
        #expect(machine.health == .writable)
        #expect(machine.admits(now: start))
        #expect(machine.refused == 0)
    }

    @Test func aWriteOlderThanTheTimeoutStopsAdmissionUntilItEnds() {
        var machine = Machine(timeout: .seconds(1))
        _ = machine.enqueue(line("a"), waiting: nil, now: start)
        #expect(machine.admits(now: start.advanced(by: .milliseconds(900))))
        #expect(!machine.admits(now: start.advanced(by: .milliseconds(1100))))
        _ = machine.batchWritten(failure: nil, written: 2, of: 2, now: start.advanced(by: .seconds(5)))
        #expect(machine.admits(now: start.advanced(by: .seconds(5))))
    }

    @Test func aFullQueueRefusesAtOnce() {
        var machine = Machine(timeout: .seconds(1), maximumPendingLines: 2)
        _ = machine.enqueue(line("in flight"), waiting: nil, now: start)
        _ = machine.enqueue(line("1"), waiting: nil, now: start)
        _ = machine.enqueue(line("2"), waiting: nil, now: start)
        #expect(!machine.admits(now: start))
        #expect(machine.enqueue(line("3"), waiting: nil, now: start) == nil)
    }

    @Test func afterCloseNothingIsAdmitted() {
        var machine = Machine(timeout: .seconds(1))
        #expect(machine.close() == false)
        #expect(!machine.admits(now: start))
    }
}

extension AuditTrailStateMachine.Batch: Equatable {
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.bytes == rhs.bytes && lhs.lines == rhs.lines && lhs.isProbe == rhs.isProbe
    }
}
