import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage
import Testing

/// `StorageDeadline` over a frozen ZooKeeper: the storage calls of one scope share one operation
/// timeout, counted from the first of them; outside a scope each call has a whole timeout.
@Suite("ZooKeeper storage deadlines", .timeLimit(.minutes(2)))
struct ZooKeeperStorageDeadlineTests {
    /// The client's operation timeout.
    static let timeout = Duration.seconds(1)
    /// Room beyond the timeout for a loaded machine; the deadline sweeper alone adds up to 0.25 s.
    static let margin = Duration.seconds(1)

    @Test func callsInAScopeShareOneDeadlineCountedFromTheFirstCall() async throws {
        try await Self.withFrozenStorage { storage in
            let key = try StorageKey("k")
            // What a PATCH does (read, then write) and then some: alone, each call would wait a timeout.
            let elapsed = try await StorageDeadline.run {
                // Time spent before the first storage call (a client sending its body) is not counted.
                try await Task.sleep(for: Self.timeout)
                let start = ContinuousClock.now
                await #expect(throws: StorageError.self) { try await storage.read(key) }
                await #expect(throws: StorageError.self) { try await storage.update(key, [2], expected: .init(0)) }
                await #expect(throws: StorageError.self) { try await storage.create(try StorageKey("new"), [3]) }
                await #expect(throws: StorageError.self) { try await storage.valueKeys(below: .root) }
                return ContinuousClock.now - start
            }
            #expect(elapsed >= Self.timeout, "the first call did not get the whole timeout: \(elapsed)")
            #expect(elapsed <= Self.timeout + Self.margin, "four calls in one scope took \(elapsed)")
        }
    }

    @Test func outsideAScopeEachCallHasAWholeTimeout() async throws {
        try await Self.withFrozenStorage { storage in
            let start = ContinuousClock.now
            await #expect(throws: StorageError.self) { try await storage.read(try StorageKey("k")) }
            await #expect(throws: StorageError.self) { try await storage.read(try StorageKey("k")) }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed >= Self.timeout * 2, "\(elapsed)")
        }
    }

    /// A storage with a 1 s operation timeout on a ZooKeeper of its own, holding `k`, frozen
    /// (SIGSTOP) while `body` runs. The 30 s session keeps the client "connected" meanwhile.
    static func withFrozenStorage(_ body: (ZooKeeperStorage) async throws -> Void) async throws {
        try await ZooKeeperTestServer.withDedicated { server in
            try await ZooKeeperFixture.withClient(server, sessionTimeout: .seconds(30), operationTimeout: timeout) {
                client in
                let storage = try await ZooKeeperStorage.open(
                    client: client, root: ZooKeeperFixture.uniqueRoot("deadline"))
                try await storage.create(try StorageKey("k"), [1])
                try await server.pause()
                do {
                    try await body(storage)
                } catch {
                    server.resume()
                    throw error
                }
                server.resume()
            }
        }
    }
}
