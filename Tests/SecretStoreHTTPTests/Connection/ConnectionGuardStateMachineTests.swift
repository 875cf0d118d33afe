import NIOCore
import Testing

@testable import SecretStoreHTTP

/// The connection guard's decisions, event by event, on a clock the tests move by hand.
@Suite("connection guard state machine")
struct ConnectionGuardStateMachineTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    func machine() -> ConnectionGuardStateMachine {
        ConnectionGuardStateMachine(idleTimeout: .seconds(60), readTimeout: .seconds(30), now: start)
    }

    func at(_ seconds: Int64) -> NIODeadline { start + .seconds(seconds) }

    func status(_ action: ConnectionGuardStateMachine.Action) -> Int? {
        if case .answerAndClose(let error) = action { return error.status.code }
        return nil
    }

    @Test func aNewConnectionThatSendsNothingClosesAfterTheIdleTimeout() {
        var state = machine()
        #expect(state.nextDeadline == at(60))
        #expect(state.deadlineReached(now: at(59)) == .none)
        #expect(state.deadlineReached(now: at(60)) == .close)
        #expect(state.nextDeadline == nil)
    }

    @Test func theFirstByteEndsIdlenessAndStartsTheReadDeadline() {
        var state = machine()
        state.bytesArrived(now: at(50))
        #expect(state.nextDeadline == at(80))
        // More bytes of the same request do not move it: a head trickled a byte at a time is bounded.
        state.bytesArrived(now: at(70))
        #expect(state.nextDeadline == at(80))
        #expect(state.deadlineReached(now: at(60)) == .none)
        #expect(status(state.deadlineReached(now: at(80))) == 408)
        #expect(state.responseHeadWritten() == .drop)
    }

    @Test func aBodyTrickledPastTheReadDeadlineGets408() {
        var state = machine()
        state.bytesArrived(now: at(1))
        state.requestHeadRead(now: at(1))
        #expect(status(state.deadlineReached(now: at(31))) == 408)
    }

    @Test func aRequestReadWholeWaitsForItsAnswerThenIdles() {
        var state = machine()
        state.bytesArrived(now: at(1))
        state.requestHeadRead(now: at(1))
        state.requestEndRead(now: at(2))
        // The route's own time is bounded elsewhere (ZooKeeper deadlines), not by these timeouts.
        #expect(state.nextDeadline == nil)
        #expect(state.responseHeadWritten() == .forward)
        #expect(state.responseEndWritten(now: at(5)) == .forward)
        #expect(state.nextDeadline == at(65))
    }

    @Test func anAnswerBeforeTheBodyLeavesTheReadDeadlineRunningAndTimesOutWithoutASecondAnswer() {
        var state = machine()
        state.bytesArrived(now: at(1))
        state.requestHeadRead(now: at(1))
        #expect(state.responseHeadWritten() == .forward)  // 401 before the body was read
        #expect(state.responseEndWritten(now: at(1)) == .forward)
        #expect(state.nextDeadline == at(31))
        #expect(state.deadlineReached(now: at(31)) == .close)
    }

    @Test func aMalformedRequestNotYetAnsweredGets400() {
        var state = machine()
        state.bytesArrived(now: at(1))
        let action = state.protocolErrorCaught("invalidChunkSize", now: at(1))
        #expect(status(action) == 400)
        if case .answerAndClose(let error) = action { #expect(error.code == "BAD_REQUEST") }
        // Whatever Hummingbird still writes (its own empty 400, a route's answer) is dropped.
        #expect(state.responseHeadWritten() == .drop)
        #expect(state.responseEndWritten(now: at(2)) == .drop)
    }

    @Test func aMalformedBodyAfterTheAnswerClosesWithoutASecondAnswer() {
        var state = machine()
        state.bytesArrived(now: at(1))
        state.requestHeadRead(now: at(1))
        _ = state.responseHeadWritten()
        _ = state.responseEndWritten(now: at(1))
        #expect(state.protocolErrorCaught("invalidChunkSize", now: at(1)) == .close)
        #expect(state.responseHeadWritten() == .drop)
    }

    @Test func aMalformedRequestDuringAnAnswerClosesOnceThatAnswerEnds() {
        var state = machine()
        state.bytesArrived(now: at(1))
        state.requestHeadRead(now: at(1))
        _ = state.responseHeadWritten()
        #expect(state.protocolErrorCaught("invalidChunkSize", now: at(1)) == .none)
        #expect(state.responseBodyWritten() == .forward)
        #expect(state.responseEndWritten(now: at(2)) == .forwardAndClose)
        #expect(state.responseHeadWritten() == .drop)
    }

    @Test func aPipelinedRequestStartsItsReadDeadlineAtItsHead() {
        var state = machine()
        state.bytesArrived(now: at(1))
        state.requestHeadRead(now: at(1))
        state.requestEndRead(now: at(1))
        // The next request's head came in the same read as the previous request's end.
        state.requestHeadRead(now: at(2))
        #expect(state.nextDeadline == at(32))
        // The first request is still owed its answer: no 408 may be written before it.
        #expect(state.deadlineReached(now: at(32)) == .close)
    }

    @Test func aKeepAliveClientPausingLessThanTheIdleTimeoutStaysOpen() {
        var state = machine()
        for round in 0..<5 {
            let t = Int64(round * 50)
            #expect(state.deadlineReached(now: at(t)) == .none)
            state.bytesArrived(now: at(t))
            state.requestHeadRead(now: at(t))
            state.requestEndRead(now: at(t))
            _ = state.responseHeadWritten()
            #expect(state.responseEndWritten(now: at(t)) == .forward)
            #expect(state.nextDeadline == at(t + 60))
        }
    }
}
