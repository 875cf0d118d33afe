import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage
import Testing

@Suite("ZooKeeper storage")
struct ZooKeeperStorageTests {
    func chunkSets(_ storage: ZooKeeperStorage) async throws -> [String] {
        try await storage.client.children(storage.root + "/@chunks")
    }

    @Test func replacedAndDeletedValuesLeaveNoChunks() async throws {
        try await ZooKeeperFixture.withStorage { storage in
            let key = try StorageKey("big/value")
            try await storage.create(key, pattern(1_048_576 + 300, seed: 1))
            #expect(try await chunkSets(storage).count == 1)
            var version = try await storage.read(key)!.version
            try await storage.update(key, pattern(2_500_000, seed: 2), expected: version)
            #expect(try await chunkSets(storage).count == 1)
            version = try await storage.read(key)!.version
            try await storage.update(key, [1, 2, 3], expected: version)
            #expect(try await chunkSets(storage).isEmpty)
            version = try await storage.read(key)!.version
            try await storage.update(key, pattern(1_100_000, seed: 3), expected: version)
            try await storage.delete(key)
            #expect(try await chunkSets(storage).isEmpty)
            // The emptied folder went too.
            #expect(try await storage.children(of: .root).isEmpty)
        }
    }

    @Test func anUnfinishedWriteLeavesThePreviousValueAndIsSweptAway() async throws {
        try await ZooKeeperFixture.withStorage { storage in
            let key = try StorageKey("app/keystore")
            let previous = pattern(1_200_000, seed: 4)
            try await storage.create(key, previous)
            let referenced = try await chunkSets(storage)
            // What a writer that crashed after writing its chunks, before its commit, leaves behind.
            let orphan = storage.root + "/@chunks/0123456789abcdef0123456789abcdef"
            try await storage.client.create(orphan, data: Array("app/keystore".utf8))
            try await storage.client.create(orphan + "/0", data: pattern(500_000, seed: 5))
            let stranger = storage.root + "/@chunks/fedcba9876543210fedcba9876543210"
            try await storage.client.create(stranger, data: Array("no/such/key".utf8))
            #expect(try await storage.read(key)?.bytes == previous)
            #expect(try await storage.sweepOrphanedChunks(olderThan: .seconds(3600)) == 0)
            #expect(try await storage.sweepOrphanedChunks(olderThan: .zero) == 2)
            #expect(try await chunkSets(storage) == referenced)
            #expect(try await storage.read(key)?.bytes == previous)
        }
    }

    @Test func credentialsMakeEveryZnodePrivate() async throws {
        let credentials = ZooKeeperDigestCredentials(user: "secret-store", password: "s3cr3t-zk")
        try await ZooKeeperFixture.withStorage(credentials: credentials) { storage in
            try await storage.create(StorageKey("small"), [1, 2, 3])
            try await storage.create(StorageKey("folder/large"), pattern(1_100_000, seed: 6))
            try await ZooKeeperFixture.withClient(ZooKeeperTestServer.shared()) { stranger in
                let paths =
                    [storage.root, storage.root + "/small", storage.root + "/folder", storage.root + "/@chunks"]
                    + (try await chunkSets(storage)).map { storage.root + "/@chunks/" + $0 }
                for path in paths {
                    await #expect(throws: ZooKeeperError(.noAuth, operation: "zoo_aget", path: path)) {
                        _ = try await stranger.get(path)
                    }
                    await #expect(throws: ZooKeeperError(.noAuth, operation: "zoo_aset", path: path)) {
                        try await stranger.set(path, data: [9], version: -1)
                    }
                    await #expect(throws: ZooKeeperError(.noAuth, operation: "zoo_acreate", path: path + "/x")) {
                        try await stranger.create(path + "/x", data: [])
                    }
                }
                // A server holding other credentials is told its identity is refused, not something vaguer.
                await #expect(throws: StorageError(.accessDenied, "ZooKeeper refused this server's identity")) {
                    _ = try await ZooKeeperStorage.open(client: stranger, root: storage.root)
                }
            }
            #expect(try await storage.read(StorageKey("small"))?.bytes == [1, 2, 3])
        }
    }

    @Test func readsNeverSeePartOfAValueWhileItIsReplaced() async throws {
        try await ZooKeeperFixture.withStorage { storage in
            let key = try StorageKey("churn")
            let values = (0..<4).map { pattern(1_100_000 + $0, seed: UInt64(20 + $0)) }
            try await storage.create(key, values[0])
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for round in 1..<12 {
                        let version = try await storage.read(key)!.version
                        try await storage.update(key, values[round % values.count], expected: version)
                    }
                }
                group.addTask {
                    for _ in 0..<40 {
                        let read = try await storage.read(key)
                        #expect(read.map { values.contains($0.bytes) } == true)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    @Test func twoInstancesOnOneRootShareDataAndNeverLoseAnUpdate() async throws {
        try await ZooKeeperFixture.withStorage { first in
            try await ZooKeeperFixture.withClient(ZooKeeperTestServer.shared()) { client in
                let second = try await ZooKeeperStorage.open(client: client, root: first.root)
                let small = try StorageKey("shared/small")
                let large = try StorageKey("shared/large")
                try await first.create(small, [1])
                try await first.create(large, pattern(1_200_000, seed: 30))
                #expect(try await second.read(small)?.bytes == [1])
                #expect(try await second.read(large)?.bytes == pattern(1_200_000, seed: 30))

                // Both instances have seen version v; the second moves on. The first one's memory of v is
                // now stale: its update and delete at v must fail, not overwrite or leak a chunk set.
                for key in [small, large] {
                    let seen = try await first.read(key)!.version
                    #expect(try await second.read(key)?.version == seen)
                    try await second.update(key, pattern(1_100_000, seed: 31), expected: seen)
                    await #expect(throws: StorageError(.versionConflict, "\(key) changed since version \(seen)")) {
                        try await first.update(key, [9], expected: seen)
                    }
                    await #expect(throws: StorageError(.versionConflict, "\(key) changed since version \(seen)")) {
                        try await first.delete(key, expected: seen)
                    }
                    #expect(try await first.read(key)?.bytes == pattern(1_100_000, seed: 31))
                }
                #expect(try await chunkSets(first).count == 2)

                // Concurrent updates from both instances at one version: exactly one wins, every time.
                for round in 0..<10 {
                    let version = try await first.read(small)!.version
                    async let a: Bool = (try? await first.update(small, [UInt8(round), 1], expected: version)) != nil
                    async let b: Bool = (try? await second.update(small, [UInt8(round), 2], expected: version)) != nil
                    let (firstWon, secondWon) = await (a, b)
                    #expect(firstWon != secondWon, "round \(round): first \(firstWon), second \(secondWon)")
                    let winner: UInt8 = firstWon ? 1 : 2
                    #expect(try await second.read(small)?.bytes == [UInt8(round), winner])
                }
            }
        }
    }

    /// How the test takes ZooKeeper away.
    enum Outage: String, CustomStringConvertible, CaseIterable {
        case crash, stop
        var description: String { rawValue }
    }

    @Test(.timeLimit(.minutes(3)), arguments: Outage.allCases)
    func acknowledgedWritesSurviveAnOutageInTheMiddleOfAWriteLoop(_ outage: Outage) async throws {
        try await ZooKeeperTestServer.withDedicated { server in
            let ledger = WriteLedger()
            let replaced = try StorageKey("replaced")
            let configuration = ZooKeeperConfiguration(
                connectString: server.connectString, sessionTimeout: .seconds(20), operationTimeout: .seconds(2),
                connectTimeout: .seconds(20))
            try await ZooKeeperClient.withConnection(configuration) { client in
                let storage = try await ZooKeeperStorage.open(client: client, root: "/outage")
                // Three writers create new keys, small and large; a fourth keeps replacing one large value.
                var writers = (0..<3).map { writer in
                    Task {
                        var index = 0
                        while await !ledger.isDone {
                            let key = try StorageKey("w\(writer)/k\(index)")
                            let value = pattern(index % 3 == 0 ? 1_100_000 : 200, seed: UInt64(writer * 10_000 + index))
                            do {
                                try await storage.create(key, value)
                                await ledger.acknowledged(key, value)
                            } catch {
                                await ledger.unconfirmed(key, value)
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                            index += 1
                        }
                    }
                }
                try await storage.create(replaced, pattern(1_100_000, seed: 1))
                await ledger.replacement(pattern(1_100_000, seed: 1), acknowledged: true)
                writers.append(
                    Task {
                        var round: UInt64 = 2
                        while await !ledger.isDone {
                            let value = pattern(1_100_000, seed: round)
                            do {
                                guard let current = try await storage.read(replaced) else { break }
                                try await storage.update(replaced, value, expected: current.version)
                                await ledger.replacement(value, acknowledged: true)
                            } catch {
                                await ledger.replacement(value, acknowledged: false)
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                            round += 1
                        }
                    })
                try await ledger.waitForAcknowledgements(30)
                switch outage {
                case .crash: await server.kill()
                case .stop: await server.stop()
                }
                try await Task.sleep(for: .seconds(1))
                try await server.restart()
                let before = await ledger.acknowledgedCount
                try await ledger.waitForAcknowledgements(before + 30)
                await ledger.finish()
                for writer in writers { _ = await writer.result }
            }

            // The writers' 2 s timeout is for failing fast during the outage; the checks read through a
            // client of their own with a patient one, so a slow moment of the machine is not a failure.
            try await ZooKeeperFixture.withClient(server, operationTimeout: .seconds(30)) { checker in
                let stored = try await ZooKeeperStorage.open(client: checker, root: "/outage")

                #expect(await ledger.unconfirmedCount > 0, "the outage hit no write; the test proved nothing")
                for (key, value) in await ledger.acknowledgedWrites {
                    #expect(try await stored.read(key)?.bytes == value, "acknowledged \(key) lost")
                }
                var largeValues = await ledger.acknowledgedWrites.values.filter { $0.count > 1000 }.count + 1
                for (key, value) in await ledger.unconfirmedWrites {
                    // Applied or not, but never partial.
                    let read = try await stored.read(key)
                    #expect(read == nil || read?.bytes == value, "\(key) is partial")
                    if read != nil && value.count > 1000 { largeValues += 1 }
                }
                // The replaced value is the last acknowledged one or a later unconfirmed attempt, never a mix.
                let final = try await stored.read(replaced)?.bytes
                let possible = await ledger.possibleReplacements
                #expect(final.map { possible.contains($0) } == true, "the replaced value is wrong")
                // Once unfinished writes are swept, exactly one chunk set per stored large value is left.
                _ = try await stored.sweepOrphanedChunks(olderThan: .zero)
                #expect(try await chunkSets(stored).count == largeValues)
            }
        }
    }

    @Test(.timeLimit(.minutes(2)))
    func theStoreRecoversFromSessionExpiryWithoutARestart() async throws {
        let server = try await ZooKeeperTestServer.shared()
        try await ZooKeeperFixture.withStorage(on: server) { storage in
            let key = try StorageKey("after/expiry")
            let events = try await storage.watch(key)
            let session = try await storage.client.session(deadline: storage.client.defaultDeadline())
            try await server.expire(session)
            var written = false
            for _ in 0..<100 where !written {
                written = (try? await storage.create(key, [42])) != nil
                if !written { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(written)
            // At least one new session: on a loaded machine the new one can expire too (its pings
            // starve), and the client then makes another.
            #expect(storage.client.sessionCount >= 2)
            #expect(try await storage.read(key)?.bytes == [42])
            // The watch survives the expiry. It reports the write as a change, or, when the write
            // got in before the watch was re-armed in the new session, as the resync that tells
            // its consumer to read again (and that read sees the write, as checked above).
            var seen: [StorageChange] = []
            while seen.last != .changed(key), let event = await nextEvent(events) { seen.append(event) }
            #expect(seen.contains(.changed(key)) || seen.contains(.resync), "\(seen)")
        }
    }
}

/// What the outage test's writers did: acknowledged writes must survive, unconfirmed ones may.
actor WriteLedger {
    private(set) var acknowledgedWrites: [StorageKey: [UInt8]] = [:]
    private(set) var unconfirmedWrites: [StorageKey: [UInt8]] = [:]
    /// The values the replaced key may hold now: the last acknowledged one and every attempt after it.
    private(set) var possibleReplacements: [[UInt8]] = []
    private(set) var isDone = false

    var acknowledgedCount: Int { acknowledgedWrites.count }
    var unconfirmedCount: Int { unconfirmedWrites.count }

    func acknowledged(_ key: StorageKey, _ value: [UInt8]) { acknowledgedWrites[key] = value }
    func unconfirmed(_ key: StorageKey, _ value: [UInt8]) { unconfirmedWrites[key] = value }
    func finish() { isDone = true }

    func replacement(_ value: [UInt8], acknowledged: Bool) {
        if acknowledged { possibleReplacements.removeAll() }
        possibleReplacements.append(value)
    }

    func waitForAcknowledgements(_ count: Int) async throws {
        while acknowledgedWrites.count < count { try await Task.sleep(for: .milliseconds(50)) }
    }
}
