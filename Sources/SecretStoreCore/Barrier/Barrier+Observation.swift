extension Barrier {
    /// Whether the barrier is sealed: now, then after every seal and unseal, until the caller stops
    /// iterating. Parts that need the barrier open (the CA, the server certificate) follow it.
    public func sealStates() -> AsyncStream<Bool> {
        let (states, continuation) = AsyncStream.makeStream(of: Bool.self, bufferingPolicy: .bufferingNewest(1))
        let id = sealWatchers.withLock { watchers in
            let id = watchers.add(continuation)
            // Yielded under the lock, so that a change announced meanwhile comes after it.
            continuation.yield(isSealed)
            return id
        }
        continuation.onTermination = { [weak self] _ in
            self?.sealWatchers.withLock { $0.remove(id) }
        }
        return states
    }

    /// Tells every follower the new state.
    func announce(sealed: Bool) {
        sealWatchers.withLock { $0.yield(sealed) }
    }
}

/// The followers of a barrier's seal state.
struct SealWatchers: Sendable {
    private var next = 0
    private var continuations: [Int: AsyncStream<Bool>.Continuation] = [:]

    /// Adds a follower; returns its id.
    mutating func add(_ continuation: AsyncStream<Bool>.Continuation) -> Int {
        next += 1
        continuations[next] = continuation
        return next
    }

    /// Removes a follower.
    mutating func remove(_ id: Int) {
        continuations[id] = nil
    }

    /// Gives every follower `sealed`.
    func yield(_ sealed: Bool) {
        for continuation in continuations.values { continuation.yield(sealed) }
    }
}
