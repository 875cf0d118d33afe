import Foundation
import SecretStoreCore
import SecretStoreCrypto
import Synchronization
import Testing

@Suite("Secret vault")
struct SecretVaultTests {
    /// Two vaults (two instances) sharing one storage and one unseal key.
    static func twoInstances(storage: any Storage) async throws -> (SecretVault, SecretVault) {
        let unsealKey = try SymmetricKey.random()
        let first = Barrier(storage: storage)
        let second = Barrier(storage: storage)
        try await storage.commit([try first.initialKeyringMutation(unsealKey: unsealKey)])
        try await first.unseal(with: unsealKey)
        try await second.unseal(with: unsealKey)
        return (SecretVault(storage: storage, barrier: first), SecretVault(storage: storage, barrier: second))
    }

    static func text(_ value: String) -> SecretContent { SecretContent(kind: .text, value: Array(value.utf8)) }

    @Test("create, read, update, delete and list, with author and metadata kept")
    func lifecycle() async throws {
        let (vault, _) = try await Self.twoInstances(storage: InMemoryStorage())
        let path = try SecretPath.secret("team/db")
        try await vault.create(
            path, SecretContent(kind: .text, value: Array("one".utf8), description: "the db", labels: ["x"]),
            author: "alice")
        await #expect { try await vault.create(path, Self.text("again"), author: "bob") } throws: {
            ($0 as? SecretError)?.code == .alreadyExists
        }
        try await vault.update(path, SecretContent(kind: .binary, value: [0, 1, 2]))
        let record = try await vault.read(path)
        #expect(record.value == [0, 1, 2])
        #expect(record.kind == .binary)
        #expect(record.author == "alice")
        #expect(record.description == "the db")
        #expect(record.labels == ["x"])
        try await vault.create(try SecretPath.secret("team/db/replica"), Self.text("r"), author: "alice")
        #expect(try await vault.list(try SecretPath(normalizing: "team")) == ["db", "db/replica"])
        try await vault.delete(path)
        await #expect { try await vault.read(path) } throws: { ($0 as? SecretError)?.code == .notFound }
        #expect(try await vault.list(try SecretPath(normalizing: "team")) == ["db/replica"])
        await #expect { try await vault.delete(path) } throws: { ($0 as? SecretError)?.code == .notFound }
    }

    @Test("description and labels are bounded as stored, also when an update keeps the stored ones")
    func metadataIsBoundedAsStored() async throws {
        let storage = InMemoryStorage()
        let unsealKey = try SymmetricKey.random()
        let barrier = Barrier(storage: storage)
        try await storage.commit([try barrier.initialKeyringMutation(unsealKey: unsealKey)])
        try await barrier.unseal(with: unsealKey)
        let vault = SecretVault(storage: storage, barrier: barrier, maximumValueSize: 16, maximumMetadataSize: 100)
        let path = try SecretPath.secret("labelled")
        // 25 empty labels take 100 bytes of length prefixes (the absent description 1 more): refused.
        let empty = SecretContent(kind: .text, value: Array("v".utf8), labels: Array(repeating: "", count: 25))
        await #expect { try await vault.create(path, empty, author: "alice") } throws: {
            ($0 as? SecretError)?.code == .tooLarge
        }
        // 24 fit (97 bytes); a description added by an update on top of them does not (96 + 8).
        try await vault.create(
            path, SecretContent(kind: .text, value: Array("v".utf8), labels: Array(repeating: "", count: 24)),
            author: "alice")
        await #expect {
            try await vault.update(path, SecretContent(kind: .text, value: Array("w".utf8), description: "abc"))
        } throws: { ($0 as? SecretError)?.code == .tooLarge }
        #expect(try await vault.read(path).value == Array("v".utf8))
    }

    @Test("a cached secret changed through another instance is read anew")
    func cacheFollowsOtherInstances() async throws {
        let (first, second) = try await Self.twoInstances(storage: InMemoryStorage())
        try await Self.whileCaching(first, second) {
            let path = try SecretPath.secret("shared")
            try await first.create(path, Self.text("v1"), author: "a")
            #expect(try await second.read(path).value == Array("v1".utf8))
            try await first.update(path, Self.text("v2"))
            let deadline = ContinuousClock.now + .seconds(2)
            var seen = try await second.read(path).value
            while seen != Array("v2".utf8), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(10))
                seen = try await second.read(path).value
            }
            #expect(seen == Array("v2".utf8))
            try await first.delete(path)
            try await Task.sleep(for: .milliseconds(50))
            await #expect { try await second.read(path) } throws: { ($0 as? SecretError)?.code == .notFound }
        }
    }

    @Test("repeated reads of a small secret do not go to storage; large ones always do")
    func hotReadsAreCached() async throws {
        let storage = CountingStorage(InMemoryStorage())
        let (vault, _) = try await Self.twoInstances(storage: storage)
        try await Self.whileCaching(vault) {
            let small = try SecretPath.secret("small")
            let large = try SecretPath.secret("large")
            try await vault.create(small, Self.text("tiny"), author: "a")
            try await vault.create(
                large, SecretContent(kind: .binary, value: [UInt8](repeating: 7, count: 200_000)), author: "a")
            _ = try await vault.read(small)
            _ = try await vault.read(large)
            let before = storage.reads
            for _ in 0..<10 {
                #expect(try await vault.read(small).value == Array("tiny".utf8))
                _ = try await vault.read(large)
            }
            #expect(storage.reads - before == 10, "only the large secret was read from storage")
        }
    }

    @Test("a vault whose service does not run caches nothing: nothing would keep the cache valid")
    func withoutItsServiceAVaultReadsThrough() async throws {
        let storage = CountingStorage(InMemoryStorage())
        let (vault, _) = try await Self.twoInstances(storage: storage)
        let path = try SecretPath.secret("uncached")
        try await vault.create(path, Self.text("tiny"), author: "a")
        try await Self.whileCaching(vault) { _ = try await vault.read(path) }
        let before = storage.reads
        for _ in 0..<3 { _ = try await vault.read(path) }
        #expect(storage.reads - before == 3)
    }

    /// Runs `body` while the vaults' services run, so that their caches are in use.
    static func whileCaching(_ vaults: SecretVault..., body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for vault in vaults { group.addTask { try await vault.run() } }
            while !vaults.allSatisfy(\.isCaching) { try await Task.sleep(for: .milliseconds(1)) }
            defer { group.cancelAll() }
            try await body()
        }
    }
}

/// Storage that counts reads, around another.
final class CountingStorage: Storage {
    let base: InMemoryStorage
    private let count = Mutex(0)
    init(_ base: InMemoryStorage) { self.base = base }
    var reads: Int { count.withLock { $0 } }
    var maximumValueSize: Int { base.maximumValueSize }
    var isReachable: Bool { true }
    func read(_ key: StorageKey) async throws -> VersionedValue? {
        count.withLock { $0 += 1 }
        return try await base.read(key)
    }
    func children(of key: StorageKey) async throws -> [String] { try await base.children(of: key) }
    func valueKeys(below key: StorageKey) async throws -> [StorageKey] { try await base.valueKeys(below: key) }
    func commit(_ mutations: [StorageMutation]) async throws { try await base.commit(mutations) }
    func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        try await base.watch(key)
    }
    func notifyOnNextChange(
        of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation
    ) async throws {
        try await base.notifyOnNextChange(of: key, into: changes)
    }
}

/// Storage whose one-shot notifications the test delivers by hand (`resync()`), around another.
final class HandNotifiedStorage: Storage {
    let base: InMemoryStorage
    private let sinks = Mutex<[AsyncStream<StorageChange>.Continuation]>([])
    init(_ base: InMemoryStorage) { self.base = base }
    var maximumValueSize: Int { base.maximumValueSize }
    var isReachable: Bool { true }
    func read(_ key: StorageKey) async throws -> VersionedValue? { try await base.read(key) }
    func children(of key: StorageKey) async throws -> [String] { try await base.children(of: key) }
    func valueKeys(below key: StorageKey) async throws -> [StorageKey] { try await base.valueKeys(below: key) }
    func commit(_ mutations: [StorageMutation]) async throws { try await base.commit(mutations) }
    func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        try await base.watch(key)
    }
    func notifyOnNextChange(
        of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation
    ) async throws {
        sinks.withLock { $0.append(changes) }
    }
    /// Tells every notification that changes may have been missed, as a lost ZooKeeper session does.
    func resync() {
        for sink in sinks.withLock({ $0 }) { sink.yield(.resync) }
    }
}

@Suite("Secret vault read cache")
struct SecretVaultCacheTests {
    @Test("what the cache keeps is bounded by what was read, not by how many keys were written")
    func writesLeaveNothingBehind() async throws {
        let (vault, _) = try await SecretVaultTests.twoInstances(storage: InMemoryStorage())
        try await SecretVaultTests.whileCaching(vault) {
            for index in 0..<500 {
                try await vault.create(try SecretPath.secret("many/s\(index)"), SecretVaultTests.text("v"), author: "a")
            }
            for index in 0..<10 {
                let path = try SecretPath.secret("many/s\(index)")
                #expect(try await vault.read(path).value == Array("v".utf8))
                try await vault.update(path, SecretVaultTests.text("w"))
                #expect(try await vault.read(path).value == Array("w".utf8))
            }
            try await vault.delete(try SecretPath.secret("many/s499"))
            #expect(vault.cacheTrackedKeys <= 10, "\(vault.cacheTrackedKeys) keys tracked after 500 writes")
        }
    }

    @Test("a resync (session lost) drops every cached entry", .timeLimit(.minutes(1)))
    func resyncDropsEverything() async throws {
        let storage = HandNotifiedStorage(InMemoryStorage())
        let (vault, other) = try await SecretVaultTests.twoInstances(storage: storage)
        let path = try SecretPath.secret("resynced")
        try await vault.create(path, SecretVaultTests.text("v1"), author: "a")
        try await SecretVaultTests.whileCaching(vault) {
            #expect(try await vault.read(path).value == Array("v1".utf8))
            // Written through another instance, with no notification: the cached copy stays.
            try await other.update(path, SecretVaultTests.text("v2"))
            #expect(try await vault.read(path).value == Array("v1".utf8))
            storage.resync()
            var seen = try await vault.read(path).value
            let deadline = ContinuousClock.now + .seconds(10)
            while seen != Array("v2".utf8), ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(5))
                seen = try await vault.read(path).value
            }
            #expect(seen == Array("v2".utf8))
        }
    }
}
