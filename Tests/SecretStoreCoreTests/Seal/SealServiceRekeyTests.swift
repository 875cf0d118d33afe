import Foundation
import SecretStoreCore
import SecretStoreTesting
import Testing

/// Rekey (contract §9): a threshold of current shares replaces the unseal key; the keyring is
/// re-sealed under the new one in one atomic commit, and nothing else changes.
@Suite("Seal service rekey", .timeLimit(.minutes(1)))
struct SealServiceRekeyTests {
    static let keyringKey = try! StorageKey("keys/keyring")
    static let configurationKey = try! StorageKey("keys/seal-configuration")
    static let bootstrapKey = try! StorageKey("keys/bootstrap_user.key")

    /// Expects `body` to throw a `SealError` with `code`.
    static func expect(
        _ code: SealError.Code, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void
    ) async {
        do {
            try await body()
            Issue.record("no error; expected \(code)", sourceLocation: sourceLocation)
        } catch let error as SealError {
            #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error); expected \(code)", sourceLocation: sourceLocation)
        }
    }

    /// A custom store of `shares` shares and `threshold`, on `storage`, and its shares.
    static func initialized(
        _ instance: SealInstance, shares: Int, threshold: Int
    ) async throws -> (keys: [String], shares: [String]) {
        let keys = try await SealInstance.keys(shares)
        let initialization = try await instance.service.initialize(shares: shares, threshold: threshold, pgpKeys: keys)
        return (keys, try await SealInstance.shares(of: initialization, keys: keys))
    }

    @Test func aThreeOfFiveStoreMovesToTwoOfThreeAndOnlyTheNewSharesUnsealIt() async throws {
        let storage = InMemoryStorage()
        let a = SealInstance(storage: storage)
        let (_, old) = try await Self.initialized(a, shares: 5, threshold: 3)
        try await a.unseal(Array(old.prefix(3)))
        #expect(!a.barrier.isSealed)
        let sealed = try await a.barrier.encrypt(Array("written before the rekey".utf8), path: "app/db")
        let keyringBefore = try #require(try await storage.read(Self.keyringKey))

        let newKeys = try await SealInstance.keys(3)
        let started = try await a.service.startRekey(shares: 3, threshold: 2, pgpKeys: newKeys)
        #expect(started.started && !started.nonce.isEmpty)
        #expect(started.progress == 0 && started.required == 3 && started.shares == 3 && started.threshold == 2)
        #expect(try await a.service.rekeyStatus() == started)
        await Self.expect(.conflict) {
            _ = try await a.service.startRekey(shares: 1, threshold: 1, pgpKeys: [newKeys[0]])
        }
        await Self.expect(.badRequest) { _ = try await a.service.updateRekey(nonce: UUID().uuidString, key: old[0]) }
        #expect(try await a.service.updateRekey(nonce: started.nonce, key: old[4]).progress == 1)
        await Self.expect(.invalidUnsealKey) { _ = try await a.service.updateRekey(nonce: started.nonce, key: old[4]) }
        let stranger = "01" + String(repeating: "ab", count: 32)
        await Self.expect(.invalidUnsealKey) {
            _ = try await a.service.updateRekey(nonce: started.nonce, key: stranger)
        }
        await Self.expect(.badRequest) { _ = try await a.service.updateRekey(nonce: started.nonce, key: nil) }
        #expect(try await a.service.rekeyStatus().progress == 1)
        #expect(try await a.service.updateRekey(nonce: started.nonce, key: old[1]).progress == 2)
        let done = try #require(try await a.service.updateRekey(nonce: started.nonce, key: old[2]).completed)

        #expect(done.initialized && done.shares == 3 && done.threshold == 2 && done.keys.count == 3)
        #expect(try await a.service.initialization() == done)
        #expect(try await a.service.rekeyStatus().started == false)
        let status = try await a.service.status()
        #expect(status.shares == 3 && status.threshold == 2 && !status.sealed)
        // Nothing but the keyring's wrapping changed: the same data keys open what they sealed.
        #expect(try await storage.read(Self.keyringKey)?.bytes != keyringBefore.bytes)
        #expect(try await a.barrier.decrypt(sealed, path: "app/db") == Array("written before the rekey".utf8))
        // This instance writes the keyring under the new key from now on.
        try await a.barrier.rotate()
        let later = try await a.barrier.encrypt(Array("written after".utf8), path: "app/later")

        let new = try await SealInstance.shares(of: done, keys: newKeys)
        let b = SealInstance(storage: storage)
        for share in old { await Self.expect(.invalidUnsealKey) { try await b.unseal([share]) } }
        #expect(try await b.unseal([new[2]]).progress == 1)
        #expect(try await b.unseal([new[0]]).sealed == false)
        #expect(try await b.barrier.decrypt(sealed, path: "app/db") == Array("written before the rekey".utf8))
        #expect(try await b.barrier.decrypt(later, path: "app/later") == Array("written after".utf8))
        #expect(try b.barrier.keyStatus().term == 2)
    }

    @Test func aSealedInstanceRekeysAndStaysSealed() async throws {
        let storage = InMemoryStorage()
        let a = SealInstance(storage: storage)
        let (_, old) = try await Self.initialized(a, shares: 3, threshold: 2)
        let newKeys = try await SealInstance.keys(1)
        let started = try await a.service.startRekey(shares: 1, threshold: 1, pgpKeys: newKeys)
        #expect(started.required == 2)
        let done = try #require(try await a.rekey(started.nonce, [old[1], old[0]])?.completed)
        #expect(a.barrier.isSealed)
        await Self.expect(.invalidUnsealKey) { try await a.unseal([old[2]]) }
        let new = try await SealInstance.shares(of: done, keys: newKeys)
        #expect(try await a.unseal(new).sealed == false)
    }

    @Test func aBootstrapStoreMovesToCustomKeysAndLosesItsBootstrapKey() async throws {
        let storage = InMemoryStorage()
        let a = SealInstance(storage: storage, mode: .bootstrap)
        let running = Task { try await a.service.run() }
        defer { running.cancel() }
        #expect(try await a.waitUntil(sealed: false, within: .seconds(20)))
        let sealed = try await a.barrier.encrypt(Array("bootstrap era".utf8), path: "kept")
        #expect(try await storage.read(Self.bootstrapKey) != nil)

        let newKeys = try await SealInstance.keys(2)
        let started = try await a.service.startRekey(shares: 2, threshold: 2, pgpKeys: newKeys)
        #expect(started.required == 1)
        // A bootstrap store's own share: the server decrypts it with the key it keeps.
        let done = try #require(try await a.service.updateRekey(nonce: started.nonce, key: nil).completed)
        #expect(done.shares == 2 && done.threshold == 2)
        #expect(try await storage.read(Self.bootstrapKey) == nil, "the bootstrap key is still stored")
        #expect(!a.barrier.isSealed)
        await Self.expect(.badRequest) { _ = try await a.service.autoUnseal() }

        // A bootstrap-mode instance starting now waits for the operators' shares.
        let b = SealInstance(storage: storage, mode: .bootstrap)
        let second = Task { try await b.service.run() }
        defer { second.cancel() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(b.barrier.isSealed)
        let new = try await SealInstance.shares(of: done, keys: newKeys)
        #expect(try await b.unseal(new).sealed == false)
        #expect(try await b.barrier.decrypt(sealed, path: "kept") == Array("bootstrap era".utf8))
    }

    @Test func aRekeyInterruptedBeforeItsCommitLeavesTheOldSharesValid() async throws {
        let storage = FailingCommitStorage(failingCommitsOf: Self.configurationKey)
        let a = SealInstance(storage: storage)
        let (_, old) = try await Self.initialized(a, shares: 3, threshold: 2)
        try await a.unseal([old[0], old[1]])
        let before = try await a.service.initialization()
        let keyringBefore = try await storage.read(Self.keyringKey)

        let newKeys = try await SealInstance.keys(2)
        let started = try await a.service.startRekey(shares: 2, threshold: 1, pgpKeys: newKeys)
        storage.setFailure(.beforeApplying)
        _ = try await a.service.updateRekey(nonce: started.nonce, key: old[2])
        await #expect(throws: StorageError.self) {
            _ = try await a.service.updateRekey(nonce: started.nonce, key: old[0])
        }
        // Nothing was written; the attempt stays, its shares must be entered again.
        #expect(try await storage.read(Self.keyringKey) == keyringBefore)
        #expect(try await a.service.initialization() == before)
        #expect(try await a.service.rekeyStatus().progress == 0)
        #expect(!a.barrier.isSealed)
        let b = SealInstance(storage: storage)
        #expect(try await b.unseal([old[2], old[1]]).sealed == false)

        // Once storage answers again, the same attempt completes.
        storage.setFailure(.none)
        let done = try #require(try await a.rekey(started.nonce, [old[1], old[2]])?.completed)
        let c = SealInstance(storage: storage)
        await Self.expect(.invalidUnsealKey) { try await c.unseal([old[0]]) }
        #expect(try await c.unseal([try await SealInstance.shares(of: done, keys: newKeys)[1]]).sealed == false)
    }

    @Test func aRekeyWhoseCommitAnswerIsLostCompletes() async throws {
        let storage = FailingCommitStorage(failingCommitsOf: Self.configurationKey)
        let a = SealInstance(storage: storage)
        let (_, old) = try await Self.initialized(a, shares: 1, threshold: 1)
        try await a.unseal(old)
        let newKeys = try await SealInstance.keys(1)
        let started = try await a.service.startRekey(shares: 1, threshold: 1, pgpKeys: newKeys)
        storage.setFailure(.afterApplying)
        let done = try #require(try await a.rekey(started.nonce, old)?.completed)
        storage.setFailure(.none)
        // The instance holds the new key: its keyring writes still work.
        try await a.barrier.rotate()
        let b = SealInstance(storage: storage)
        #expect(try await b.unseal(try await SealInstance.shares(of: done, keys: newKeys)).sealed == false)
    }

    @Test func cancelForgetsTheRekeyAndItsShares() async throws {
        let a = SealInstance(storage: InMemoryStorage())
        let (keys, old) = try await Self.initialized(a, shares: 2, threshold: 2)
        let started = try await a.service.startRekey(shares: 2, threshold: 1, pgpKeys: keys)
        #expect(try await a.service.updateRekey(nonce: started.nonce, key: old[0]).progress == 1)
        try await a.service.cancelRekey()
        try await a.service.cancelRekey()
        #expect(try await a.service.rekeyStatus().started == false)
        await Self.expect(.badRequest) { _ = try await a.service.updateRekey(nonce: started.nonce, key: old[1]) }
        let again = try await a.service.startRekey(shares: 2, threshold: 1, pgpKeys: keys)
        #expect(again.nonce != started.nonce && again.progress == 0)
        // The old attempt's share does not count towards the new one.
        #expect(try await a.service.updateRekey(nonce: again.nonce, key: old[1]).progress == 1)
    }

    @Test func startIsValidatedLikeInit() async throws {
        let a = SealInstance(storage: InMemoryStorage())
        let keys = try await SealInstance.keys(3)
        await Self.expect(.badRequest) {
            _ = try await a.service.startRekey(shares: 1, threshold: 1, pgpKeys: [keys[0]])
        }
        _ = try await Self.initialized(a, shares: 1, threshold: 1)
        let shapes: [(Int, Int, [String])] = [
            (0, 0, []), (11, 2, Array(repeating: keys[0], count: 11)), (3, 0, keys), (3, 4, keys),
            (3, 2, Array(keys.prefix(2))), (2, 2, keys), (2, 1, [keys[0], "not a key"]),
        ]
        for (shares, threshold, pgpKeys) in shapes {
            await Self.expect(.badRequest) {
                _ = try await a.service.startRekey(shares: shares, threshold: threshold, pgpKeys: pgpKeys)
            }
        }
        #expect(try await a.service.rekeyStatus().started == false)
    }

    @Test func otherInstancesFollowARekey() async throws {
        let storage = InMemoryStorage()
        let a = SealInstance(storage: storage)
        let (_, old) = try await Self.initialized(a, shares: 3, threshold: 2)
        // B follows storage (its service runs); C and D do not, and must not depend on it.
        let b = SealInstance(storage: storage)
        let running = Task { try await b.service.run() }
        defer { running.cancel() }
        let c = SealInstance(storage: storage)
        let d = SealInstance(storage: storage)
        try await a.unseal([old[0], old[1]])
        try await b.unseal([old[1], old[2]])
        try await d.unseal([old[0], old[2]])
        #expect(try await c.unseal([old[0]]).progress == 1)
        #expect(try await c.service.status().threshold == 2)
        let written = try await b.barrier.encrypt(Array("by b".utf8), path: "b")
        try await Task.sleep(for: .milliseconds(100))

        let newKeys = try await SealInstance.keys(3)
        let started = try await a.service.startRekey(shares: 3, threshold: 3, pgpKeys: newKeys)
        let done = try #require(try await a.rekey(started.nonce, [old[2], old[0]])?.completed)
        let new = try await SealInstance.shares(of: done, keys: newKeys)

        // B sees the keyring change, and seals itself: its key no longer opens the keyring.
        #expect(try await b.waitUntil(sealed: true), "B kept serving with a replaced unseal key")
        // Its configuration watch shows the new shape.
        let deadline = ContinuousClock.now + .seconds(5)
        while try await b.service.status().threshold != 3, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await b.service.status().threshold == 3)
        await Self.expect(.sealed) { _ = try await b.barrier.decrypt(written, path: "b") }
        // D learns it at its next keyring write, sealing rather than failing with a key error.
        await Self.expect(.sealed) { try await d.barrier.rotate() }
        #expect(d.barrier.isSealed)
        // C had an old share entered: it no longer counts, and the new shares unseal C.
        await Self.expect(.invalidUnsealKey) { try await c.unseal([old[1]]) }
        #expect(try await c.unseal([new[0], new[1]]).progress == 2)
        #expect(try await c.unseal([new[2]]).sealed == false)
        #expect(try await c.barrier.decrypt(written, path: "b") == Array("by b".utf8))
        #expect(try await b.unseal(new).sealed == false)
        #expect(!a.barrier.isSealed)
    }
}
