import Foundation
import SecretStoreConcurrency
import Synchronization

/// Runs blocking, CPU-heavy work (password hashing) off Swift's cooperative pool, at most `width`
/// jobs at once, with at most `queueLimit` callers waiting for a turn in arrival order. So a burst
/// can neither take every core (the rest of the server keeps one) nor queue without bound: past
/// the queue, `run` throws `Overloaded` at once, before any work.
public final class BoundedWorkPool: Sendable {
    /// How many jobs run at once and how many callers may wait.
    public struct Limits: Sendable, Equatable {
        /// Jobs running at once.
        public var width: Int
        /// Callers waiting for a turn, past which `run` refuses.
        public var queueLimit: Int

        /// Creates limits (at least one job at once; a queue of zero refuses whenever all run).
        public init(width: Int, queueLimit: Int) {
            self.width = max(1, width)
            self.queueLimit = max(0, queueLimit)
        }

        /// One job per core but one (at least one), and eight callers waiting per job: at 300,000
        /// rounds (about 135 ms a hash) a caller waits at most about 1.1 s for its turn.
        public static var `default`: Limits {
            let width = max(1, ProcessInfo.processInfo.activeProcessorCount - 1)
            return Limits(width: width, queueLimit: 8 * width)
        }
    }

    /// `run` found every job slot busy and the queue full.
    public struct Overloaded: Error, Sendable, Equatable {
        /// Creates the error.
        public init() {}
    }

    private struct State {
        var running = 0
        var waiting: [(id: UInt64, turn: CheckedContinuation<Void, any Error>)] = []
        var nextID: UInt64 = 0
    }

    /// Its limits.
    public let limits: Limits
    private let state = Mutex(State())

    /// A pool with `limits`.
    public init(limits: Limits = .default) { self.limits = limits }

    /// Runs `work` on a Dispatch thread once a job slot is free; throws `Overloaded` at once if the
    /// queue is full, `CancellationError` if the task is cancelled while it waits.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await runOffPool(work)
    }

    /// Jobs running and callers waiting now: for tests and diagnostics.
    public var load: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count) } }

    private func acquire() async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (turn: CheckedContinuation<Void, any Error>) in
                enum Entry { case run, wait, refuse, cancelled }
                let entry = state.withLock { state -> Entry in
                    // Checked under the lock that `onCancel` takes: a cancellation either is seen
                    // here or finds the caller in the queue.
                    if Task.isCancelled { return .cancelled }
                    if state.running < limits.width {
                        state.running += 1
                        return .run
                    }
                    guard state.waiting.count < limits.queueLimit else { return .refuse }
                    state.waiting.append((id, turn))
                    return .wait
                }
                switch entry {
                case .run: turn.resume()
                case .wait: break
                case .refuse: turn.resume(throwing: Overloaded())
                case .cancelled: turn.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let turn = state.withLock { state in
                state.waiting.firstIndex { $0.id == id }.map { state.waiting.remove(at: $0).turn }
            }
            turn?.resume(throwing: CancellationError())
        }
    }

    /// Hands the slot to the first caller waiting, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst().turn
        }
        next?.resume()
    }
}
