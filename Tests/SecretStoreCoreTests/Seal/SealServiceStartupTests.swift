import Foundation
import Logging
import SecretStoreCore
import SecretStoreTesting
import Synchronization
import Testing

/// In-memory storage that holds the first read of one key after reading it, until released, and
/// reports when that read is held and when a watch starts (the seal service watches the keyring
/// only once it has prepared the store). Lets a test put a request between a read and what the
/// reader does with the value.
final class HeldReadStorage: Storage {
    enum Event: Sendable { case readHeld, watchStarted }

    private struct State {
        var held = false
        var released = false
        var waiting: CheckedContinuation<Void, Never>?
    }

    private let base = InMemoryStorage()
    private let heldKey: StorageKey
    private let state = Mutex(State())
    let events: AsyncStream<Event>
    private let sink: AsyncStream<Event>.Continuation

    init(holdingFirstReadOf key: StorageKey) {
        heldKey = key
        (events, sink) = AsyncStream.makeStream(of: Event.self)
    }

    var maximumValueSize: Int { base.maximumValueSize }
    var isReachable: Bool { base.isReachable }

    func read(_ key: StorageKey) async throws -> VersionedValue? {
        let value = try await base.read(key)
        let hold =
            key == heldKey
            && state.withLock { state in
                defer { state.held = true }
                return !state.held
            }
        guard hold else { return value }
        sink.yield(.readHeld)
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if !state.released { state.waiting = continuation }
                return state.released
            }
            if now { continuation.resume() }
        }
        return value
    }

    /// Lets the held read return (the value it read before it was held).
    func release() {
        let waiting = state.withLock { state in
            state.released = true
            defer { state.waiting = nil }
            return state.waiting
        }
        waiting?.resume()
    }

    func children(of key: StorageKey) async throws -> [String] { try await base.children(of: key) }
    func valueKeys(below key: StorageKey) async throws -> [StorageKey] { try await base.valueKeys(below: key) }
    func commit(_ mutations: [StorageMutation]) async throws { try await base.commit(mutations) }

    func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        sink.yield(.watchStarted)
        return try await base.watch(key)
    }

    func notifyOnNextChange(
        of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation
    ) async throws {
        try await base.notifyOnNextChange(of: key, into: changes)
    }

    /// Waits for `event` (the test's time limit bounds the wait).
    func next(_ event: Event) async -> Bool {
        for await seen in events where seen == event { return true }
        return false
    }
}

@Suite("Seal service startup", .timeLimit(.minutes(1)))
struct SealServiceStartupTests {
    /// An operator's `PUT /seal` that arrives while a starting bootstrap-mode instance has just
    /// found no intent to stay sealed must win: the instance ends sealed and the intent is kept.
    /// (The start-up unseal must look at the intent under the same turn as the unseal.)
    @Test func aSealDuringStartupIsNotUndoneByTheStartupUnseal() async throws {
        let intendedSeal = try StorageKey("keys/intended-seal")
        let storage = HeldReadStorage(holdingFirstReadOf: intendedSeal)
        let barrier = Barrier(storage: storage)
        let service = SealService(
            storage: storage, barrier: barrier, wrapping: TestKeyShareWrapping(), mode: .bootstrap,
            logger: Logger(label: "test.seal"))
        let running = Task { try await service.run() }
        defer { running.cancel() }

        // Bootstrap initialisation (a 4096-bit key pair) happens first, then the intent is read.
        #expect(await storage.next(.readHeld))
        #expect(barrier.isSealed)
        let sealing = Task { try await service.seal() }
        try await Task.sleep(for: .milliseconds(300))
        storage.release()
        try await sealing.value
        #expect(await storage.next(.watchStarted))

        #expect(barrier.isSealed, "the start-up unseal undid the operator's seal")
        #expect(try await storage.read(intendedSeal) != nil, "the operator's intent to stay sealed was deleted")
        #expect(try await service.status().sealed)
    }
}
