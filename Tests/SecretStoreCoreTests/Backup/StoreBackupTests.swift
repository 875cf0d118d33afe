import Foundation
import Logging
import SecretStoreCrypto
import SecretStoreWire
import Synchronization
import Testing

@testable import SecretStoreCore

@Suite("Store backup and restore")
struct StoreBackupTests {
    @Test("a backup restored into an empty root gives the same records, secrets, identity and cluster id")
    func roundTrip() async throws {
        let source = try await BackupFixture.make()
        let file = try await BackupFixture.backup(of: source.storage)
        let target = InMemoryStorage()
        let identity = try await BackupFixture.identity(on: target, superuser: "target-admin")
        let installation = Installation(storage: target)
        let targetCluster = try await installation.clusterID()
        let restore = StoreRestore(storage: target, dependents: [identity, installation])
        let summary = try await restore.restore(file)
        #expect(summary.secrets == 6)

        var expected = try await BackupFixture.scope(of: source.storage)
        var restored = try await BackupFixture.scope(of: target)
        // The journal moves past both roots' counters; everything else is the backup's, byte for byte.
        expected[IdentityRecordKey.revision] = nil
        restored[IdentityRecordKey.revision] = nil
        #expect(restored == expected)
        #expect(try await target.read(BackupScope.restorePending) == nil)
        #expect(try await installation.clusterID() != targetCluster)
        #expect(try await installation.clusterID() == Installation(storage: source.storage).clusterID())
        #expect(identity.directory.snapshot.users["origin-admin"] != nil)
        #expect(identity.directory.snapshot.users["target-admin"] == nil)
        _ = try await identity.login.login(uid: "origin-admin", password: "pw-origin-admin", from: nil)

        let barrier = Barrier(storage: target)
        #expect(try await target.read(BackupScope.rotateOnUnseal) != nil)
        try await barrier.unseal(with: source.unsealKey)
        // The first unseal gives the copy a data key of its own.
        #expect(try barrier.keyStatus().term == source.vault.barrier.keyStatus().term + 1)
        #expect(try await target.read(BackupScope.rotateOnUnseal) == nil)
        let vault = SecretVault(storage: target, barrier: barrier)
        #expect(
            try await vault.read(try SecretPath.secret("app/binary")).value
                == source.vault.read(try SecretPath.secret("app/binary")).value)
        #expect(try await vault.read(try SecretPath.secret("app/text-3")).value == Array("value 3".utf8))
        let ledger = try CapacityLedger(
            decoding: try #require(try await target.read(CapacityAccountant.ledgerKey)).bytes)
        #expect(ledger.settled.secrets == 6)
    }

    @Test("a token issued by the backed-up store is accepted after the restore, the target's own no longer")
    func tokensFollowTheRestore() async throws {
        let source = try await BackupFixture.make(secrets: 0)
        let token = try await source.identity.issueToken(for: "origin-admin").token
        let file = try await BackupFixture.backup(of: source.storage)
        let target = InMemoryStorage()
        let identity = try await BackupFixture.identity(on: target, superuser: "target-admin")
        let own = try await identity.issueToken(for: "target-admin").token
        try await StoreRestore(storage: target, dependents: [identity]).restore(file)
        #expect(try await identity.authority.verify(token).uid == "origin-admin")
        await #expect(throws: IdentityError.self) { try await identity.authority.verify(own) }
    }

    @Test("another instance on the root follows the restored identity and token keys")
    func otherInstancesFollow() async throws {
        let source = try await BackupFixture.make(secrets: 0)
        let token = try await source.identity.issueToken(for: "origin-admin").token
        let file = try await BackupFixture.backup(of: source.storage)
        let target = InMemoryStorage()
        let restoring = try await BackupFixture.identity(on: target, superuser: "target-admin")
        let other = try await BackupFixture.identity(on: target, superuser: "target-admin")
        let running = Task { try await other.run() }
        defer { running.cancel() }
        try await Task.sleep(for: .milliseconds(100))
        try await StoreRestore(storage: target, dependents: [restoring]).restore(file)
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline, (try? await other.authority.verify(token)) == nil {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await other.authority.verify(token).uid == "origin-admin")
        while ContinuousClock.now < deadline, other.directory.snapshot.users["origin-admin"] == nil {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(other.directory.snapshot.users["origin-admin"] != nil)
        #expect(other.directory.snapshot.users["target-admin"] == nil)
    }

    @Test(
        "a damaged file is refused whole, and nothing is written",
        arguments: [
            "truncated by one byte", "truncated to half", "a flipped byte in the header", "a flipped byte in a value",
            "a flipped byte in the trailer", "a byte appended", "empty", "another file",
        ])
    func damagedFile(_ damage: String) async throws {
        let source = try await BackupFixture.make(secrets: 2)
        var file = try await BackupFixture.backup(of: source.storage)
        switch damage {
        case "truncated by one byte": file.removeLast()
        case "truncated to half": file.removeLast(file.count / 2)
        case "a flipped byte in the header": file[12] ^= 0x01
        case "a flipped byte in a value": file[file.count / 2] ^= 0x80
        case "a flipped byte in the trailer": file[file.count - 1] ^= 0x01
        case "a byte appended": file.append(0)
        case "empty": file = []
        default: file = Array("PK\u{3}\u{4} not a backup at all, but long enough to be read as one".utf8)
        }
        try await Self.expectRefused(file, code: .damaged)
    }

    @Test(
        "a file whose trailer matches but whose records are wrong is refused whole",
        arguments: [
            "a key outside the backup's scope", "a key twice", "no keyring", "a secret that is no envelope",
            "a bootstrap key in a custom store", "another store",
        ])
    func wellFramedButWrong(_ problem: String) async throws {
        let source = try await BackupFixture.make(secrets: 1)
        var records = try await BackupFixture.scope(of: source.storage).sorted { $0.key < $1.key }
        var storeID = "default"
        switch problem {
        case "a key outside the backup's scope": records.append((CapacityAccountant.ledgerKey, Array("{}".utf8)))
        case "a key twice": records.append(records[0])
        case "no keyring": records.removeAll { $0.key == StoreLayout.keyring }
        case "a secret that is no envelope":
            records.append((try StorageKey("secrets/default/app/plain"), Array("plaintext".utf8)))
        case "a bootstrap key in a custom store": records.append((StoreLayout.bootstrapKey, Array("key".utf8)))
        default: storeID = "other"
        }
        try await Self.expectRefused(try await Self.file(records, storeID: storeID), code: .damaged)
    }

    @Test("a root that is initialised or holds a secret is refused with nothing written")
    func nonEmptyRoot() async throws {
        let source = try await BackupFixture.make(secrets: 1)
        let file = try await BackupFixture.backup(of: source.storage)
        let initialised = try await BackupFixture.make(secrets: 0)
        try await Self.expectRefused(file, into: initialised.storage, code: .notEmpty)
        let holdingSecret = InMemoryStorage()
        try await holdingSecret.create(try StorageKey("secrets/default/left-over"), [1, 2, 3])
        try await Self.expectRefused(file, into: holdingSecret, code: .notEmpty)
    }

    @Test("an initialisation while a restore is under way is refused (409) with nothing written; the restore completes")
    func initialisationDuringARestore() async throws {
        let source = try await BackupFixture.make(secrets: 3)
        let file = try await BackupFixture.backup(of: source.storage)
        let target = InMemoryStorage()
        // Cut off right after it claimed the root, as a restore is while it writes.
        let failing = FailingStorage(base: target, allowedCommits: 1)
        await #expect(throws: StorageError.self) { try await StoreRestore(storage: failing).restore(file) }
        #expect(try await target.read(BackupScope.restorePending) != nil)

        let keys = try await SealInstance.keys(1)
        await SealServiceRekeyTests.expect(.conflict) {
            _ = try await SealInstance(storage: target).service.initialize(shares: 1, threshold: 1, pgpKeys: keys)
        }
        #expect(try await target.read(StoreLayout.sealConfiguration) == nil)
        #expect(try await target.read(StoreLayout.keyring) == nil)

        try await StoreRestore(storage: target).restore(file)
        let restored = try await target.read(StoreLayout.sealConfiguration)?.bytes
        #expect(restored == (try await source.storage.read(StoreLayout.sealConfiguration)?.bytes))
    }

    @Test(
        "a restore cut off at any write leaves the root uninitialised, and a retry completes it", arguments: [0, 1, 3])
    func interruptedRestore(_ allowedCommits: Int) async throws {
        let source = try await BackupFixture.make(secrets: 40)
        let file = try await BackupFixture.backup(of: source.storage)
        let target = InMemoryStorage()
        _ = try await BackupFixture.identity(on: target, superuser: "target-admin")
        // A partial restore of another backup first: its extra secret must not survive the retry.
        try await target.create(try StorageKey("secrets/default/from-another-backup"), [9])
        try await target.create(BackupScope.restorePending, Array("{}".utf8))
        let failing = FailingStorage(base: target, allowedCommits: allowedCommits)
        await #expect(throws: StorageError.self) { try await StoreRestore(storage: failing).restore(file) }
        #expect(try await target.read(StoreLayout.sealConfiguration) == nil)
        #expect(try await target.read(StoreLayout.keyring) == nil)

        try await StoreRestore(storage: target).restore(file)
        var expected = try await BackupFixture.scope(of: source.storage)
        var restored = try await BackupFixture.scope(of: target)
        expected[IdentityRecordKey.revision] = nil
        restored[IdentityRecordKey.revision] = nil
        #expect(restored == expected)
        #expect(try await target.read(BackupScope.restorePending) == nil)
    }

    @Test(
        "secrets over the target's capacity budget are refused whole (507) with nothing written; at the budget they fit"
    )
    func capacityBudget() async throws {
        let source = try await BackupFixture.make()
        let file = try await BackupFixture.backup(of: source.storage)
        // What the secrets take, as a restore without a budget settles it in the ledger.
        let unlimited = InMemoryStorage()
        try await StoreRestore(storage: unlimited).restore(file)
        let usage = try CapacityLedger(
            decoding: try #require(try await unlimited.read(CapacityAccountant.ledgerKey)).bytes
        ).settled
        #expect(usage.secrets == 6 && usage.bytes > 1_000_000)
        for budget in [
            CapacityAmount(bytes: usage.bytes, secrets: usage.secrets - 1),
            CapacityAmount(bytes: usage.bytes - 1, secrets: usage.secrets),
        ] {
            let target = InMemoryStorage()
            _ = try await BackupFixture.identity(on: target, superuser: "target-admin")
            let before = try await BackupFixture.everything(in: target)
            await #expect {
                try await StoreRestore(storage: target, budget: budget).restore(file)
            } throws: {
                ($0 as? SecretError)?.code == .insufficientStorage
            }
            #expect(try await BackupFixture.everything(in: target) == before)
        }
        let target = InMemoryStorage()
        _ = try await BackupFixture.identity(on: target, superuser: "target-admin")
        let summary = try await StoreRestore(storage: target, budget: usage).restore(file)
        #expect(summary.secrets == 6)
    }

    @Test("a store never initialised has no backup")
    func uninitialisedStore() async throws {
        await #expect { try await BackupFixture.backup(of: InMemoryStorage()) } throws: {
            ($0 as? BackupError)?.code == .notInitialized
        }
    }

    @Test("the file has the header, carries no ledger and no sealing intent, and ends with its SHA-256")
    func fileLayout() async throws {
        let source = try await BackupFixture.make(secrets: 1)
        try await source.storage.create(StoreLayout.intendedSeal, Array("sealed".utf8))
        let file = try await BackupFixture.backup(of: source.storage)
        let reader = try BackupFileReader(file)
        #expect(reader.header.storeID == "default")
        #expect(reader.header.mode == "custom")
        #expect(reader.header.clusterID == (try await Installation(storage: source.storage).clusterID()))
        let keys = Set(reader.records.map(\.key))
        #expect(!keys.contains(StoreLayout.intendedSeal))
        #expect(!keys.contains(CapacityAccountant.ledgerKey))
        #expect(reader.records.last?.key == StoreLayout.keyring)
        #expect(Array(file.suffix(32)) == (try SHA256.hash(Array(file.dropLast(32)))))
    }

    /// A well-framed file (right trailer) of `records`.
    static func file(_ records: [(StorageKey, [UInt8])], storeID: String) async throws -> [UInt8] {
        var writer = try BackupFileWriter(
            header: BackupHeader(
                format: 1, storeID: storeID, created: Date(), clusterID: nil, mode: "custom", serverVersion: "test"))
        var bytes: [UInt8] = []
        for (key, value) in records { bytes += try writer.append(key, value) ?? [] }
        return bytes + writer.finish()
    }

    /// Restores `file` into `storage` (a fresh root with a superuser by default), expects `code`,
    /// and checks that nothing in the root changed.
    static func expectRefused(
        _ file: [UInt8], into storage: InMemoryStorage? = nil, code: BackupError.Code
    ) async throws {
        let target: InMemoryStorage
        if let storage {
            target = storage
        } else {
            target = InMemoryStorage()
            _ = try await BackupFixture.identity(on: target, superuser: "target-admin")
        }
        let before = try await BackupFixture.everything(in: target)
        await #expect { try await StoreRestore(storage: target).restore(file) } throws: {
            ($0 as? BackupError)?.code == code
        }
        #expect(try await BackupFixture.everything(in: target) == before)
    }
}
