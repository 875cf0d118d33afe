import SecretStoreTesting
import SecretStoreZooKeeper
import Testing

@Suite("ZooKeeper client against a real server")
struct ZooKeeperClientTests {
    /// Runs `body` with a client of the shared server and a fresh root znode, removed afterwards.
    func withRoot(_ body: (ZooKeeperClient, String) async throws -> Void) async throws {
        try await ZooKeeperFixture.withClient(ZooKeeperTestServer.shared()) { client in
            try await ZooKeeperFixture.withRoot("client", client: client) { try await body(client, $0) }
        }
    }

    func code(of body: () async throws -> Void) async -> ZooKeeperError.Code? {
        await ZooKeeperFixture.errorCode(of: body)
    }

    @Test func createGetSetDeleteWithVersions() async throws {
        try await withRoot { client, root in
            let path = root + "/node"
            try await client.create(path, data: [1, 2, 3])
            #expect(await code { try await client.create(path, data: []) } == .nodeExists)
            let node = try await client.get(path)
            #expect(node.data == [1, 2, 3])
            #expect(node.stat.version == 0)
            let stat = try await client.set(path, data: [4], version: 0)
            #expect(stat.version == 1)
            #expect(await code { try await client.set(path, data: [5], version: 0) } == .badVersion)
            #expect(try await client.get(path).data == [4])
            try await client.create(path + "/child", data: [])
            #expect(try await client.children(path) == ["child"])
            #expect(await code { try await client.delete(path, version: 1) } == .notEmpty)
            try await client.delete(path + "/child", version: -1)
            #expect(await code { try await client.delete(path, version: 0) } == .badVersion)
            try await client.delete(path, version: 1)
            #expect(try await client.exists(path) == nil)
            #expect(await code { _ = try await client.get(path) } == .noNode)
            #expect(await code { try await client.create(root + "/missing/child", data: []) } == .noNode)
        }
    }

    @Test func emptyDataRoundTrips() async throws {
        try await withRoot { client, root in
            try await client.create(root + "/empty", data: [])
            let node = try await client.get(root + "/empty")
            #expect(node.data.isEmpty)
            #expect(node.stat.dataLength == 0)
        }
    }

    @Test func ensurePathCreatesWhatIsMissingAndToleratesWhatExists() async throws {
        try await withRoot { client, root in
            try await client.ensurePath(root + "/a/b/c")
            #expect(try await client.exists(root + "/a/b/c") != nil)
            try await client.set(root + "/a", data: [7], version: -1)
            try await client.ensurePath(root + "/a/b/c")
            try await client.ensurePath(root + "/a/x")
            #expect(try await client.children(root + "/a").sorted() == ["b", "x"])
            // Existing nodes keep their data.
            #expect(try await client.get(root + "/a").data == [7])
        }
    }

    @Test func multiIsAllOrNothing() async throws {
        try await withRoot { client, root in
            try await client.create(root + "/existing", data: [0])
            do {
                try await client.multi([
                    .create(path: root + "/new", data: [1]),
                    .set(path: root + "/existing", data: [2], version: 7),
                ])
                Issue.record("a multi with a stale version succeeded")
            } catch let error as ZooKeeperMultiError {
                #expect(error.index == 1)
                #expect(error.code == .badVersion)
                #expect(error.path == root + "/existing")
            }
            #expect(try await client.exists(root + "/new") == nil)
            #expect(try await client.get(root + "/existing").data == [0])
            try await client.multi([
                .create(path: root + "/new", data: [1]),
                .check(path: root + "/existing", version: 0),
                .set(path: root + "/existing", data: [2], version: 0),
            ])
            #expect(try await client.get(root + "/new").data == [1])
            #expect(try await client.get(root + "/existing").data == [2])
            try await client.multi([
                .delete(path: root + "/new", version: 0), .delete(path: root + "/existing", version: 1),
            ])
            #expect(try await client.children(root).isEmpty)
        }
    }

    @Test func oneShotWatchesFire() async throws {
        try await withRoot { client, root in
            let path = root + "/watched"
            let session = try await client.session(deadline: client.defaultDeadline())
            let (absent, created) = try await session.watchExists(path, deadline: client.defaultDeadline())
            #expect(absent == nil)
            try await client.create(path, data: [])
            #expect(await created.fired() == .created)
            let (_, changed) = try await session.watchExists(path, deadline: client.defaultDeadline())
            try await client.set(path, data: [1], version: -1)
            #expect(await changed.fired() == .dataChanged)
            let (children, childrenChanged) = try await session.watchChildren(path, deadline: client.defaultDeadline())
            #expect(children.isEmpty)
            try await client.create(path + "/c", data: [])
            #expect(await childrenChanged.fired() == .childrenChanged)
            try await client.delete(path + "/c", version: -1)
            let (_, deleted) = try await session.watchExists(path, deadline: client.defaultDeadline())
            try await client.delete(path, version: -1)
            #expect(await deleted.fired() == .deleted)
        }
    }

    @Test func durableWatchReArmsItself() async throws {
        try await withRoot { client, root in
            let path = root + "/durable"
            let events = try await client.watch(path)
            try await client.create(path, data: [])
            #expect(await nextEvent(events) == .changed)
            for round in 0..<3 {
                try await client.set(path, data: [UInt8(round)], version: -1)
                #expect(await nextEvent(events) == .changed)
            }
        }
    }

    @Test func oversizeRequestsAreRefusedBeforeSending() async throws {
        try await withRoot { client, root in
            let before = client.sessionCount
            let big = [UInt8](repeating: 7, count: 1_048_576)
            #expect(await code { try await client.create(root + "/big", data: big) } == .requestTooLarge)
            #expect(
                await code { try await client.multi([.create(path: root + "/big", data: big)]) } == .requestTooLarge)
            let fits = [UInt8](repeating: 7, count: ZooKeeperRequestSize.maximumData(path: root + "/fits"))
            try await client.create(root + "/fits", data: fits)
            #expect(try await client.get(root + "/fits").data == fits)
            // Nothing oversize reached the server, so the connection was never dropped.
            let session = try await client.session(deadline: client.defaultDeadline())
            #expect(session.state == .connected)
            #expect(client.sessionCount == before)
        }
    }

    @Test func aCallWhoseDeadlineHasPassedIsNeverSent() async throws {
        try await withRoot { client, root in
            let passed = ContinuousClock.now
            #expect(
                await code { try await client.create(root + "/late", data: [1], deadline: passed) } == .deadlineExceeded
            )
            #expect(await code { _ = try await client.get(root, deadline: passed) } == .deadlineExceeded)
            // Refused before it reached the server: the node was not created.
            let late = try await client.exists(root + "/late")
            #expect(late == nil)
        }
    }

    @Test func digestCredentialsKeepOthersOut() async throws {
        let server = try await ZooKeeperTestServer.shared()
        let credentials = ZooKeeperDigestCredentials(user: "secret-store", password: "correct horse")
        try await ZooKeeperFixture.withClient(server, credentials: credentials) { owner in
            try await ZooKeeperFixture.withClient(server) { stranger in
                try await ZooKeeperFixture.withClient(
                    server, credentials: ZooKeeperDigestCredentials(user: "secret-store", password: "wrong")
                ) { impostor in
                    let root = ZooKeeperFixture.uniqueRoot("acl")
                    try await owner.create(root, data: [1])
                    try await owner.create(root + "/child", data: [2])
                    for client in [stranger, impostor] {
                        #expect(await code { _ = try await client.get(root) } == .noAuth)
                        #expect(await code { _ = try await client.get(root + "/child") } == .noAuth)
                        #expect(await code { try await client.set(root + "/child", data: [3], version: -1) } == .noAuth)
                        #expect(await code { try await client.create(root + "/other", data: []) } == .noAuth)
                        #expect(await code { try await client.delete(root + "/child", version: -1) } == .noAuth)
                        #expect(await code { _ = try await client.children(root) } == .noAuth)
                    }
                    #expect(try await owner.get(root + "/child").data == [2])
                    await ZooKeeperFixture.deleteRecursively(root, client: owner)
                    #expect(try await owner.exists(root) == nil)
                }
            }
        }
    }

    @Test func closedClientFailsFast() async throws {
        let client = try await ZooKeeperClient.connect(ZooKeeperFixture.configuration(ZooKeeperTestServer.shared()))
        client.close()
        client.close()
        #expect(await code { _ = try await client.exists("/") } == .clientClosed)
    }

    @Test(.timeLimit(.minutes(1)))
    func aCancelledWatcherStopsAtOnceAndTheWatchStaysUsable() async throws {
        try await withRoot { client, root in
            let path = root + "/cancelled"
            let events = try await client.watch(path)
            // Nothing changes: the wait is cut short by its deadline, which cancels it.
            let start = ContinuousClock.now
            #expect(await nextEvent(events, within: .milliseconds(200)) == nil)
            #expect(ContinuousClock.now - start < .seconds(5))
            // The watch armed before is still there: a change now is reported to the next iterator.
            try await client.create(path, data: [])
            #expect(await nextEvent(events) == .changed)
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func connectingToNothingFailsWithinTheDeadline() async throws {
        let start = ContinuousClock.now
        await #expect(throws: ZooKeeperError.self) {
            _ = try await ZooKeeperClient.connect(
                ZooKeeperConfiguration(connectString: "127.0.0.1:1", connectTimeout: .seconds(1)))
        }
        // The bound is generous: it guards against a hang, not against a slow machine.
        #expect(ContinuousClock.now - start < .seconds(15))
    }
}
