import SecretStoreTesting
import SecretStoreZooKeeper
import Testing

/// Tests that stop, kill or expire things: each has a ZooKeeper server or session of its own.
@Suite("ZooKeeper outages")
struct ZooKeeperOutageTests {
    @Test(.timeLimit(.minutes(2)))
    func callersNeverWaitPastTheirDeadlineAndTheClientRecovers() async throws {
        try await ZooKeeperTestServer.withDedicated { server in
            let configuration = ZooKeeperConfiguration(
                connectString: server.connectString, sessionTimeout: .seconds(30), operationTimeout: .seconds(1))
            try await ZooKeeperClient.withConnection(configuration) { client in
                try await client.create("/outage", data: [1])
                await server.kill()
                let start = ContinuousClock.now
                do {
                    _ = try await client.get("/outage")
                    Issue.record("a read succeeded with the server down")
                } catch let error as ZooKeeperError {
                    #expect(error.code.isUnavailable)
                }
                // Deadline 1 s; the bound only catches a hang, with room for a loaded machine.
                #expect(ContinuousClock.now - start < .seconds(20))
                try await server.restart()
                var recovered = false
                for _ in 0..<100 where !recovered {
                    recovered = (try? await client.get("/outage").data) == [1]
                    if !recovered { try await Task.sleep(for: .milliseconds(200)) }
                }
                #expect(recovered)
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func expiredSessionIsReplacedAndWatchesResync() async throws {
        let server = try await ZooKeeperTestServer.shared()
        try await ZooKeeperFixture.withClient(server) { client in
            let root = ZooKeeperFixture.uniqueRoot("expiry")
            try await client.create(root, data: [])
            let events = try await client.watch(root + "/flag")
            let session = try await client.session(deadline: client.defaultDeadline())
            try await server.expire(session)
            // The client notices the expiry and builds a new session by itself.
            var replaced = false
            for _ in 0..<150 where !replaced {
                replaced = client.sessionCount == 2
                if !replaced { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(replaced)
            #expect(session.state == .closed || session.state == .expired)
            #expect(await nextEvent(events) == .resync)
            try await client.create(root + "/flag", data: [1])
            #expect(await nextEvent(events) == .changed)
            await ZooKeeperFixture.deleteRecursively(root, client: client)
        }
    }

    /// The 3.8 client's `zoo_amulti` frees an earlier operation's path when a later one fails its
    /// checks, as every operation does on an expired handle: a multi there once aborted the process
    /// with a double free. It is refused before it reaches the library, as a retryable invalid state.
    @Test(.timeLimit(.minutes(2)))
    func aMultiOnAnExpiredHandleIsRefusedWithoutTouchingTheLibrary() async throws {
        let server = try await ZooKeeperTestServer.shared()
        let session = try ZooKeeperSession(connectString: server.connectString, sessionTimeout: .seconds(6), acl: .open)
        defer { session.close() }
        try await session.waitUntilConnected(deadline: .now + .seconds(30))
        try await server.expire(session)
        #expect(session.state == .expired)
        for count in [2, 3] {
            let operations = (0..<count).map { ZooKeeperOperation.check(path: "/multi-\($0)", version: 0) }
            await #expect(throws: ZooKeeperError.self) {
                try await session.multi(operations, deadline: .now + .seconds(5))
            }
            do {
                try await session.multi(operations, deadline: .now + .seconds(5))
            } catch let error as ZooKeeperError {
                #expect(error.code == .invalidState)
            }
        }
    }
}
