import Hummingbird
import SecretStoreCore
import Synchronization

/// Bounds the memory secret uploads take together, from the first body byte read until the write
/// is done (`--max-upload-memory`): a body, the decoded value, the encoded record and its envelope
/// all live at once, so an upload reserves its body plus four times the largest value it can carry
/// before a byte is read. Uploads that do not fit wait their turn in arrival order, for at most
/// `maximumWait`, then get 429 `TOO_MANY_REQUESTS` with `Retry-After`; a waiting upload holds no
/// memory (its body stays in the socket).
public final class UploadBudget: Sendable {
    private struct Waiter {
        var id: Int
        var amount: Int
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var inUse = 0
        var waiters: [Waiter] = []
        var nextID = 0
    }

    /// The bytes all uploads together may reserve.
    public let capacity: Int
    /// How long an upload waits for room before it is refused.
    public let maximumWait: Duration
    private let state = Mutex(State())

    /// The default budget: 256 MiB, room for about 48 concurrent 1 MiB binary uploads.
    public static let defaultCapacity = 256 * 1_048_576

    /// Creates a budget.
    public init(capacity: Int = UploadBudget.defaultCapacity, maximumWait: Duration = .seconds(10)) {
        precondition(capacity > 0, "an upload budget must be positive")
        self.capacity = capacity
        self.maximumWait = maximumWait
    }

    /// The bytes in use now (for tests and status).
    public var inUse: Int { state.withLock { $0.inUse } }

    /// What an upload with this Content-Length (nil when chunked) reserves, when its body may hold
    /// at most `bodyLimit` bytes and its value at most `valueLimit`.
    public static func reservation(contentLength: Int?, bodyLimit: Int, valueLimit: Int) -> Int {
        let body = min(contentLength ?? bodyLimit, bodyLimit)
        return body + 4 * min(body, valueLimit)
    }

    /// Runs `body` holding `amount` bytes of the budget (at most the whole budget).
    public func withReservation<T: Sendable>(_ amount: Int, _ body: () async throws -> T) async throws -> T {
        let amount = min(max(amount, 0), capacity)
        try await acquire(amount)
        defer { release(amount) }
        return try await body()
    }

    private func acquire(_ amount: Int) async throws {
        let id = state.withLock { state -> Int? in
            guard state.waiters.isEmpty, state.inUse + amount <= capacity else {
                defer { state.nextID += 1 }
                return state.nextID
            }
            state.inUse += amount
            return nil
        }
        guard let id else { return }
        // Wait for room, racing a timer; the loser is cancelled. A grant that arrives as the timer
        // fires is given back.
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await self.wait(id: id, amount: amount)
                return true
            }
            group.addTask {
                try? await Task.sleep(for: self.maximumWait)
                return false
            }
            let first = try await group.next() ?? false
            group.cancelAll()
            var granted = first
            while let next = try? await group.next() {
                if next { granted = true }
            }
            if granted && !first { self.release(amount) }
            return first
        }
        guard granted else {
            throw RequestError(.busy(retryAfterSeconds: 1), "too many uploads in progress; try again shortly")
        }
    }

    private func wait(id: Int, amount: Int) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                // Cancelled before the handler below could see this waiter: do not start waiting.
                guard !Task.isCancelled else { return continuation.resume(throwing: CancellationError()) }
                let grantNow = state.withLock { state -> Bool in
                    if state.waiters.isEmpty, state.inUse + amount <= capacity {
                        state.inUse += amount
                        return true
                    }
                    state.waiters.append(Waiter(id: id, amount: amount, continuation: continuation))
                    return false
                }
                if grantNow { continuation.resume() }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release(_ amount: Int) {
        let ready = state.withLock { state -> [Waiter] in
            state.inUse -= amount
            var ready: [Waiter] = []
            // In arrival order: the first waiter that does not fit holds back the ones behind it.
            while let first = state.waiters.first, state.inUse + first.amount <= capacity {
                state.inUse += first.amount
                ready.append(state.waiters.removeFirst())
            }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }
}
