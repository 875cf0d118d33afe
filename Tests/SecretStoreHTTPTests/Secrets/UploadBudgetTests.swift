import Hummingbird
import SecretStoreHTTP
import Synchronization
import Testing

@Suite("Upload budget")
struct UploadBudgetTests {
    @Test func anUploadReservesItsBodyAndFourTimesItsValue() {
        // A 1 MiB binary body.
        #expect(
            UploadBudget.reservation(contentLength: 1_048_576, bodyLimit: 1_048_576, valueLimit: 1_048_576) == 5
                * 1_048_576)
        // A chunked body reserves the most its type allows; a JSON body's value is at most the value limit.
        #expect(UploadBudget.reservation(contentLength: nil, bodyLimit: 6_000_000, valueLimit: 1_000_000) == 10_000_000)
        #expect(UploadBudget.reservation(contentLength: 100, bodyLimit: 6_000_000, valueLimit: 1_000_000) == 500)
    }

    @Test(.timeLimit(.minutes(1))) func uploadsBeyondTheBudgetWaitTheirTurnAndNeverExceedIt() async throws {
        let budget = UploadBudget(capacity: 1_000, maximumWait: .seconds(30))
        let peak = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await budget.withReservation(300) {
                        peak.add(300)
                        try await Task.sleep(for: .milliseconds(20))
                        peak.add(-300)
                    }
                }
            }
            try await group.waitForAll()
        }
        // Never more than three of 300 in 1,000 at once, and all 20 ran. (Whether three ever overlap
        // depends on scheduling; the next test shows by rendezvous that they can.)
        #expect(peak.highest <= 900)
        #expect(budget.inUse == 0)
    }

    @Test(.timeLimit(.minutes(1))) func uploadsThatFitHoldTheBudgetTogether() async throws {
        let budget = UploadBudget(capacity: 1_000, maximumWait: .seconds(30))
        let arrived = Peak()
        // Three reservations of 300 each wait inside until all three are in: this finishes only if
        // the budget lets them hold their room at the same time.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await budget.withReservation(300) {
                        arrived.add(1)
                        while arrived.highest < 3 { try await Task.sleep(for: .milliseconds(5)) }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(budget.inUse == 0)
    }

    @Test(.timeLimit(.minutes(1))) func anUploadThatWaitsTooLongIs429WithRetryAfterAndHoldsNothing() async throws {
        let budget = UploadBudget(capacity: 1_000, maximumWait: .milliseconds(200))
        try await budget.withReservation(1_000) {
            await #expect {
                try await budget.withReservation(1) {}
            } throws: { error in
                let answer = APIError(error)
                return answer.status == .tooManyRequests && answer.code == "TOO_MANY_REQUESTS"
                    && answer.headers[.retryAfter] == "1"
            }
            #expect(budget.inUse == 1_000)
        }
        #expect(budget.inUse == 0)
        // Room again: the next upload goes straight through.
        try await budget.withReservation(1_000) {}
    }

    @Test func aReservationLargerThanTheBudgetTakesTheWholeBudget() async throws {
        let budget = UploadBudget(capacity: 1_000, maximumWait: .milliseconds(100))
        try await budget.withReservation(5_000) { #expect(budget.inUse == 1_000) }
        #expect(budget.inUse == 0)
    }
}

/// The most bytes held at once across concurrent reservations.
private final class Peak: Sendable {
    private let state = Mutex((current: 0, highest: 0))

    func add(_ bytes: Int) {
        state.withLock {
            $0.current += bytes
            $0.highest = max($0.highest, $0.current)
        }
    }

    var highest: Int { state.withLock { $0.highest } }
}
