import Logging
import SecretStoreTesting
import SecretStoreZooKeeper
import Testing

/// Writes that travel together in one `multi` keep the outcome each would have alone.
@Suite("ZooKeeper write batching against a real server")
struct ZooKeeperWriteBatchingTests {
    /// Runs `body` with a client that lets `writesInFlight` write requests out at once, under a
    /// fresh root znode removed afterwards.
    func withRoot(writesInFlight: Int, _ body: (ZooKeeperClient, String) async throws -> Void) async throws {
        var configuration = ZooKeeperFixture.configuration(try await ZooKeeperTestServer.shared())
        configuration.writesInFlight = writesInFlight
        try await ZooKeeperClient.withConnection(configuration, logger: Logger(label: "test.zookeeper")) { client in
            try await ZooKeeperFixture.withRoot("batch", client: client) { try await body(client, $0) }
        }
    }

    /// The code a call failed with, `nil` when it succeeded.
    static func code(of body: () async throws -> Void) async -> ZooKeeperError.Code? {
        await ZooKeeperFixture.errorCode(of: body)
    }

    @Test func concurrentWritesGoOutTogetherAndAllApply() async throws {
        try await withRoot(writesInFlight: 1) { client, root in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for path in 0..<200 {
                    group.addTask { try await client.create("\(root)/n\(path)", data: [UInt8(path % 256)]) }
                }
                try await group.waitForAll()
            }
            // One request out at a time: while it is, the other writes wait and go together.
            #expect(client.batchedWriteCount > 0)
            for path in 0..<200 {
                let stored = try await client.get("\(root)/n\(path)").data
                #expect(stored == [UInt8(path % 256)])
            }
        }
    }

    // The racing writes below fail batches: after a failure the writes behind it go alone, so
    // these tests check outcomes, not how many writes shared a request.
    @Test func concurrentCreatesOfOnePathHaveOneWinnerAndTheOthersSucceed() async throws {
        try await withRoot(writesInFlight: 1) { client, root in
            // 100 paths, each created by two writers at once: 200 concurrent creates.
            let outcomes = await withTaskGroup(of: (Int, UInt8, ZooKeeperError.Code?).self) { group in
                for path in 0..<100 {
                    for writer: UInt8 in [1, 2] {
                        group.addTask {
                            (
                                path, writer,
                                await Self.code { try await client.create("\(root)/n\(path)", data: [writer]) }
                            )
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for path in 0..<100 {
                let mine = outcomes.filter { $0.0 == path }
                let winners = mine.filter { $0.2 == nil }
                #expect(winners.count == 1, "path \(path): \(mine)")
                #expect(mine.filter { $0.2 == .nodeExists }.count == 1, "path \(path): \(mine)")
                let stored = try await client.get("\(root)/n\(path)").data
                #expect(stored == [winners.first?.1 ?? 0])
            }
        }
    }

    @Test func concurrentSetsAtOneVersionHaveOneWinnerWithItsNewVersion() async throws {
        try await withRoot(writesInFlight: 1) { client, root in
            for path in 0..<20 { try await client.create("\(root)/n\(path)", data: []) }
            let outcomes = await withTaskGroup(of: (Int, UInt8, Int32?).self) { group in
                for path in 0..<20 {
                    for writer: UInt8 in 1...5 {
                        group.addTask {
                            let stat = try? await client.set("\(root)/n\(path)", data: [writer], version: 0)
                            return (path, writer, stat?.version)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for path in 0..<20 {
                let winners = outcomes.filter { $0.0 == path && $0.2 != nil }
                #expect(winners.count == 1, "path \(path)")
                #expect(winners.first?.2 == 1)
                let node = try await client.get("\(root)/n\(path)")
                #expect(node.data == [winners.first?.1 ?? 0])
                #expect(node.stat.version == 1)
            }
        }
    }

    @Test func aFailingMultiAmongOtherWritesAppliesNothingOfItsOwnAndFailsNoOther() async throws {
        try await withRoot(writesInFlight: 1) { client, root in
            try await client.create(root + "/guard", data: [])
            let results = await withTaskGroup(of: (Int, (any Error)?).self) { group in
                for writer in 0..<60 {
                    group.addTask {
                        do {
                            if writer % 3 == 0 {
                                // Fails on its check: the guard is at version 0, not 7.
                                try await client.multi([
                                    .create(path: "\(root)/m\(writer)", data: []),
                                    .check(path: root + "/guard", version: 7),
                                ])
                            } else {
                                try await client.create("\(root)/c\(writer)", data: [])
                            }
                            return (writer, nil)
                        } catch {
                            return (writer, error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            for (writer, error) in results {
                if writer % 3 == 0 {
                    let failure = error as? ZooKeeperMultiError
                    #expect(
                        failure?.index == 1 && failure?.code == .badVersion,
                        "writer \(writer): \(String(describing: error))")
                    #expect(try await client.exists("\(root)/m\(writer)") == nil)
                } else {
                    #expect(error == nil, "writer \(writer): \(String(describing: error))")
                    #expect(try await client.exists("\(root)/c\(writer)") != nil)
                }
            }
        }
    }

    @Test func aWriteWhoseFailureAnEarlierWriteCausedIsRetriedOnItsOwn() async throws {
        try await withRoot(writesInFlight: 1) { client, root in
            // Each round: one write deletes a node, then one recreates it expecting it gone. In a batch
            // the second only succeeds after the first; whatever the order, the node exists at the end
            // exactly when the create succeeded.
            for round in 0..<20 {
                let path = "\(root)/r\(round)"
                try await client.create(path, data: [0])
                async let deleted = Self.code { try await client.delete(path, version: 0) }
                async let created = Self.code { try await client.create(path, data: [1]) }
                let (deleteCode, createCode) = await (deleted, created)
                #expect(deleteCode == nil)
                let node = try? await client.get(path)
                if createCode == nil {
                    #expect(node?.data == [1])
                } else {
                    #expect(createCode == .nodeExists)
                    #expect(node == nil)
                }
            }
        }
    }

    @Test func withoutBatchingEveryWriteGoesAlone() async throws {
        try await withRoot(writesInFlight: 0) { client, root in
            await withTaskGroup(of: Void.self) { group in
                for path in 0..<50 { group.addTask { try? await client.create("\(root)/n\(path)", data: []) } }
            }
            let children = try await client.children(root)
            #expect(children.count == 50)
            #expect(client.batchedWriteCount == 0)
        }
    }

    @Test func writesAskedToGoAloneAreNotBatched() async throws {
        try await withRoot(writesInFlight: 1) { client, root in
            await withTaskGroup(of: Void.self) { group in
                for path in 0..<50 {
                    group.addTask { try? await client.create("\(root)/n\(path)", data: [], batched: false) }
                }
            }
            let children = try await client.children(root)
            #expect(children.count == 50)
            #expect(client.batchedWriteCount == 0)
        }
    }
}
