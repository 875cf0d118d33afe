import Foundation
import SecretStoreCore
import SecretStoreCrypto
import Testing

@Suite("Capacity budget")
struct CapacityAccountantTests {
    /// A vault with a budget of `bytes` and `secrets` on `storage`, unsealed with `key`.
    static func vault(
        _ storage: any Storage, key: SymmetricKey, bytes: Int, secrets: Int = 1_000,
        lifetime: Duration = .seconds(60)
    ) async throws -> (SecretVault, CapacityAccountant) {
        let barrier = Barrier(storage: storage)
        do {
            try await storage.commit([try barrier.initialKeyringMutation(unsealKey: key)])
        } catch let error as StorageError where error.code == .alreadyExists {
            // Another instance of the same store initialised it.
        }
        try await barrier.unseal(with: key)
        let accountant = CapacityAccountant(
            storage: storage,
            limits: CapacityLimits(maximumBytes: bytes, maximumSecrets: secrets, leaseLifetime: lifetime))
        try await accountant.open()
        return (SecretVault(storage: storage, barrier: barrier, capacity: accountant), accountant)
    }

    static func value(_ count: Int) -> SecretContent {
        SecretContent(kind: .binary, value: Array(repeating: 7, count: count))
    }

    static func isInsufficient(_ error: any Error) -> Bool {
        (error as? SecretError)?.code == .insufficientStorage
    }

    @Test("writes past the byte budget are refused; reads, deletes and writes that do not grow still work")
    func byteBudget() async throws {
        let storage = InMemoryStorage()
        // Each 1,000-byte value seals to 1,061 bytes: ten fit in 11,000, eleven do not.
        let (vault, accountant) = try await Self.vault(storage, key: try .random(), bytes: 11_000)
        for index in 0..<10 {
            try await vault.create(try .secret("s\(index)"), Self.value(1_000), author: "alice")
        }
        await #expect { try await vault.create(try .secret("s10"), Self.value(1_000), author: "alice") } throws: {
            Self.isInsufficient($0)
        }
        #expect(try await vault.read(try .secret("s0")).value.count == 1_000)
        // The same size, and a smaller one, at the limit.
        try await vault.update(try .secret("s1"), Self.value(1_000))
        try await vault.update(try .secret("s2"), Self.value(10))
        // Growing an existing secret past the budget is refused and leaves it as it was.
        await #expect { try await vault.update(try .secret("s3"), Self.value(2_500)) } throws: {
            Self.isInsufficient($0)
        }
        #expect(try await vault.read(try .secret("s3")).value.count == 1_000)
        // Freed room is usable again.
        try await vault.delete(try .secret("s0"))
        try await vault.create(try .secret("s10"), Self.value(1_000), author: "alice")
        let status = try await accountant.status()
        #expect(status.used.secrets == 10)
        #expect(status.used.bytes <= 11_000)
        #expect(status.used.bytes == (try await accountant.countStoredForTests()).bytes)
    }

    @Test("the secret count has its own budget")
    func secretBudget() async throws {
        let (vault, _) = try await Self.vault(InMemoryStorage(), key: try .random(), bytes: 1_000_000, secrets: 3)
        for index in 0..<3 {
            try await vault.create(try .secret("s\(index)"), Self.value(1), author: "alice")
        }
        await #expect { try await vault.create(try .secret("s3"), Self.value(1), author: "alice") } throws: {
            Self.isInsufficient($0)
        }
        try await vault.delete(try .secret("s0"))
        try await vault.create(try .secret("s3"), Self.value(1), author: "alice")
    }

    @Test("writes in flight count: a reservation not yet finished holds its room")
    func inFlightWritesCount() async throws {
        let accountant = CapacityAccountant(
            storage: InMemoryStorage(), limits: CapacityLimits(maximumBytes: 1_000, maximumSecrets: 10))
        try await accountant.open()
        let first = try await accountant.reserve(CapacityAmount(bytes: 600, secrets: 1))
        await #expect { try await accountant.reserve(CapacityAmount(bytes: 600, secrets: 1)) } throws: {
            Self.isInsufficient($0)
        }
        // A write that failed for certain gives its room back.
        first.finish(after: StorageError(.alreadyExists, "exists"))
        let second = try await accountant.reserve(CapacityAmount(bytes: 600, secrets: 1))
        // One with an unknown outcome keeps it: the count errs on the safe side.
        second.finish(after: StorageError(.unavailable, "lost"))
        await #expect { try await accountant.reserve(CapacityAmount(bytes: 600, secrets: 1)) } throws: {
            Self.isInsufficient($0)
        }
    }

    @Test("two instances share one budget: concurrent writes through both never exceed it")
    func instancesShareTheBudget() async throws {
        let storage = InMemoryStorage()
        let key = try SymmetricKey.random()
        let budget = 40 * 1_100
        let (first, firstAccountant) = try await Self.vault(storage, key: key, bytes: budget)
        let (second, secondAccountant) = try await Self.vault(storage, key: key, bytes: budget)
        let stored = try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<100 {
                let vault = index.isMultiple(of: 2) ? first : second
                group.addTask {
                    do {
                        try await vault.create(try .secret("s\(index)"), Self.value(1_000), author: "alice")
                        return true
                    } catch  where Self.isInsufficient(error) {
                        return false
                    }
                }
            }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        let counted = try await firstAccountant.countStoredForTests()
        #expect(counted.secrets == stored)
        #expect(counted.bytes <= budget)
        // The budget was used: at most each instance's spare block (5,500 bytes) and one secret
        // (1,061) can be left idle, 44,000 - 2 x 6,561 = 30,878 bytes used: at least 29 secrets.
        #expect(stored >= 29)
        // An instance that leaves settles exactly what it used; the other sees the same totals.
        try await firstAccountant.leaveForTests()
        try await secondAccountant.leaveForTests()
        let status = try await firstAccountant.status()
        #expect(status.used == counted)
        #expect(status.allocated == counted)
    }

    @Test("room one instance frees reaches the others once it holds more than two blocks spare")
    func freedRoomMovesBetweenInstances() async throws {
        let storage = InMemoryStorage()
        let key = try SymmetricKey.random()
        // A block is an 8th of this budget: 5,500 bytes.
        let budget = 40 * 1_100
        let (first, _) = try await Self.vault(storage, key: key, bytes: budget)
        let (second, _) = try await Self.vault(storage, key: key, bytes: budget)
        var stored = 0
        while (try? await first.create(try .secret("s\(stored)"), Self.value(1_000), author: "alice")) != nil {
            stored += 1
        }
        #expect(stored >= 38)
        await #expect { try await second.create(try .secret("other"), Self.value(1_000), author: "bob") } throws: {
            Self.isInsufficient($0)
        }
        // Twelve deletes free more than two blocks: the first instance gives the room back.
        for index in 0..<12 {
            try await first.delete(try .secret("s\(index)"))
        }
        try await second.create(try .secret("other"), Self.value(1_000), author: "bob")
    }

    @Test("a vanished instance's lease is settled at its full grant, and a quiet start recounts exactly")
    func vanishedInstances() async throws {
        let storage = InMemoryStorage()
        let key = try SymmetricKey.random()
        let budget = 100_000_000
        let (vault, _) = try await Self.vault(storage, key: key, bytes: budget, lifetime: .milliseconds(300))
        try await vault.create(try .secret("one"), Self.value(1_000), author: "alice")
        // The instance dies without settling: its lease (more than it used) stays allocated.
        let observer = CapacityAccountant(
            storage: storage,
            limits: CapacityLimits(maximumBytes: budget, maximumSecrets: 1_000, leaseLifetime: .milliseconds(300)))
        let before = try await observer.status()
        // Its lease took a block (a 32nd of the budget) to spare.
        #expect(before.allocated.bytes >= budget / 32)
        // Past twice its lifetime the lease is over and the next start finds no running lease: it
        // counts what is stored, exactly.
        try await Task.sleep(for: .milliseconds(700))
        try await observer.open()
        let after = try await observer.status()
        #expect(after.allocated == CapacityAmount(bytes: after.used.bytes, secrets: 1))
        #expect(after.used == (try await observer.countStoredForTests()))
    }

    @Test("a store written before the budget existed is counted when the ledger is created")
    func existingSecretsAreCounted() async throws {
        let storage = InMemoryStorage()
        let key = try SymmetricKey.random()
        let barrier = Barrier(storage: storage)
        try await storage.commit([try barrier.initialKeyringMutation(unsealKey: key)])
        try await barrier.unseal(with: key)
        let unbudgeted = SecretVault(storage: storage, barrier: barrier)
        for index in 0..<5 {
            try await unbudgeted.create(try .secret("old/s\(index)"), Self.value(2_000), author: "alice")
        }
        let (vault, accountant) = try await Self.vault(storage, key: key, bytes: 12_000)
        let status = try await accountant.status()
        #expect(status.used.secrets == 5)
        #expect(status.used.bytes > 10_000)
        await #expect { try await vault.create(try .secret("new"), Self.value(2_000), author: "alice") } throws: {
            Self.isInsufficient($0)
        }
    }
}
