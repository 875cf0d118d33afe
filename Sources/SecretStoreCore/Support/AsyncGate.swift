import Synchronization

/// Lets one task at a time through a critical section that awaits, in arrival order. Waiting is
/// not cancellable: a waiter that is cancelled still gets its turn and sees the cancellation there.
final class AsyncGate: Sendable {
    private struct State {
        var busy = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Runs `body` once every earlier caller's body has finished.
    func withTurn<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        // The turn may wait on others' storage calls: a request's storage deadline runs from here.
        StorageDeadline.startClock()
        await enter()
        defer { leave() }
        return try await body()
    }

    private func enter() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let enterNow = state.withLock { state -> Bool in
                if state.busy {
                    state.waiters.append(continuation)
                    return false
                }
                state.busy = true
                return true
            }
            if enterNow { continuation.resume() }
        }
    }

    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.nextWaiter < state.waiters.count else {
                state.busy = false
                state.waiters.removeAll(keepingCapacity: true)
                state.nextWaiter = 0
                return nil
            }
            defer { state.nextWaiter += 1 }
            // The turn passes straight to the next waiter: `busy` stays set.
            return state.waiters[state.nextWaiter]
        }
        next?.resume()
    }
}
