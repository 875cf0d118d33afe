import Logging
import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage
import Testing

/// The identity directory of two instances sharing one ZooKeeper root through real watches.
@Suite("Identity directory on ZooKeeper")
struct IdentityDirectoryOnZooKeeperTests {
    static let logger = Logger(label: "test.identity")

    static func user(_ uid: String) -> User { User(uid: uid, description: "", credential: .passwordHash("$6$x")) }

    /// Two instances on one ZooKeeper root granting on the same ACL at once: no grant is lost, and
    /// each instance sees the other's grants once its watch has fired.
    @Test func concurrentGrantsFromTwoInstancesAreAllKept() async throws {
        try await ZooKeeperFixture.withStorage { storage in
            try await ZooKeeperFixture.withClient(ZooKeeperTestServer.shared()) { client in
                let otherStorage = try await ZooKeeperStorage.open(client: client, root: storage.root)
                let first = try await IdentityDirectory.open(storage: storage, logger: Self.logger)
                let uids = (0..<16).map { "user\($0)" }
                for uid in uids { try await first.createUser(Self.user(uid)) }
                let rid = try ResourceID("dcos:secrets:default:/shared/*")
                try await first.createACL(rid, description: "")
                let second = try await IdentityDirectory.open(storage: otherStorage, logger: Self.logger)
                let watcher = Task { try await second.run() }
                defer { watcher.cancel() }

                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, uid) in uids.enumerated() {
                        let directory = index.isMultiple(of: 2) ? first : second
                        group.addTask {
                            // Each grant may lose a race; the caller's answer is then CONFLICT, never silence.
                            for _ in 0..<5 {
                                do {
                                    return try await directory.grant(.read, on: rid, to: .user(uid))
                                } catch let error as IdentityError where error.code == .conflict {
                                    continue
                                }
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                try await first.refresh()
                #expect(Set(first.snapshot.acls[rid]?.users.keys ?? [:].keys) == Set(uids))
                // The watching instance catches up on its own (a generous limit: a loaded machine is slow).
                let deadline = ContinuousClock.now + .seconds(10)
                while second.snapshot.acls[rid]?.users.count != uids.count, ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(10))
                }
                #expect(second.snapshot.acls[rid]?.users.count == uids.count)
            }
        }
    }
}
