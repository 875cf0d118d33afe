import Foundation
import SecretStoreCore
import SecretStoreCrypto
import Testing

@Suite("Barrier")
struct BarrierTests {
    /// An initialised, unsealed barrier over fresh in-memory storage, and its unseal key.
    static func unsealedBarrier(
        storage: InMemoryStorage = InMemoryStorage(), storeID: String = "default", limits: BarrierLimits = .standard
    ) async throws -> (Barrier, SymmetricKey, InMemoryStorage) {
        let unsealKey = try SymmetricKey.random()
        let barrier = Barrier(storage: storage, storeID: storeID, limits: limits)
        try await storage.commit([try barrier.initialKeyringMutation(unsealKey: unsealKey)])
        try await barrier.unseal(with: unsealKey)
        return (barrier, unsealKey, storage)
    }

    static func everyStoredValue(_ storage: InMemoryStorage) async throws -> [[UInt8]] {
        var values: [[UInt8]] = []
        for key in try await storage.valueKeys(below: .root) {
            if let value = try await storage.read(key) { values.append(value.bytes) }
        }
        return values
    }

    @Test("plaintext and keys never reach storage")
    func plaintextNeverStored() async throws {
        let (barrier, unsealKey, storage) = try await Self.unsealedBarrier()
        let plaintext = Array("correct horse battery staple, the database password".utf8)
        let sealed = try await barrier.encrypt(plaintext, path: "app/db")
        try await storage.create(try StorageKey("secrets/default/app/db"), sealed)
        let unsealBytes = unsealKey.withUnsafeBytes { Array($0) }
        let values = try await Self.everyStoredValue(storage)
        #expect(values.count == 2)
        for value in values {
            #expect(!value.contains(subsequence: plaintext))
            #expect(!value.contains(subsequence: Array(plaintext.prefix(8))))
            #expect(!value.contains(subsequence: unsealBytes))
        }
        #expect(try await barrier.decrypt(sealed, path: "app/db") == plaintext)
    }

    @Test("every flipped byte of an envelope fails to open with an error")
    func tamperedEnvelopes() async throws {
        let (barrier, _, _) = try await Self.unsealedBarrier()
        let sealed = try await barrier.encrypt(Array("a value worth protecting".utf8), path: "p")
        for index in sealed.indices {
            for flip: UInt8 in [0x01, 0x80] {
                var tampered = sealed
                tampered[index] ^= flip
                await #expect(throws: StorageError.self, "byte \(index) ^ \(flip)") {
                    try await barrier.decrypt(tampered, path: "p")
                }
            }
        }
        await #expect(throws: StorageError.self) { try await barrier.decrypt(Array(sealed.dropLast()), path: "p") }
        await #expect(throws: StorageError.self) { try await barrier.decrypt([], path: "p") }
    }

    @Test("a ciphertext moved to another path or another store does not open")
    func movedCiphertext() async throws {
        let (barrier, unsealKey, storage) = try await Self.unsealedBarrier()
        let sealed = try await barrier.encrypt(Array("value".utf8), path: "team/a")
        for path in ["team/b", "team/a/x", "team", "Team/a", "team/a "] {
            await #expect(throws: StorageError.self, "moved to \(path)") {
                try await barrier.decrypt(sealed, path: path)
            }
        }
        // The same keys, under another store id: the store id is bound too.
        let other = Barrier(storage: storage, storeID: "other")
        try await other.unseal(with: unsealKey)
        await #expect(throws: (any Error).self) { try await other.decrypt(sealed, path: "team/a") }
    }

    @Test("after a rotation old values still open and new ones use the new term")
    func rotation() async throws {
        let (barrier, _, _) = try await Self.unsealedBarrier()
        let old = try await barrier.encrypt(Array("old".utf8), path: "p")
        #expect(try barrier.keyStatus().term == 1)
        try await barrier.rotate()
        let status = try barrier.keyStatus()
        #expect(status.term == 2)
        #expect(status.encryptions == 0)
        let new = try await barrier.encrypt(Array("new".utf8), path: "p")
        #expect(Self.term(of: old) == 1)
        #expect(Self.term(of: new) == 2)
        #expect(try await barrier.decrypt(old, path: "p") == Array("old".utf8))
        #expect(try await barrier.decrypt(new, path: "p") == Array("new".utf8))
    }

    @Test("key status counts this instance's encryptions exactly")
    func encryptionCount() async throws {
        let (barrier, _, _) = try await Self.unsealedBarrier()
        #expect(try barrier.keyStatus().encryptions == 0)
        for _ in 0..<3 { _ = try await barrier.encrypt([1, 2, 3], path: "p") }
        let status = try barrier.keyStatus()
        #expect(status.encryptions == 3)
        #expect(abs(status.installTime.timeIntervalSinceNow) < 60)
    }

    @Test("a term is retired before the rotation threshold, across reservations and instances")
    func automaticRotation() async throws {
        let limits = BarrierLimits(rotationThreshold: 5, reservationBlock: 3)
        let (first, unsealKey, storage) = try await Self.unsealedBarrier(limits: limits)
        let second = Barrier(storage: storage, limits: limits)
        try await second.unseal(with: unsealKey)
        var sealed: [(Barrier, [UInt8], [UInt8])] = []
        for index in 0..<20 {
            let barrier = index % 3 == 0 ? second : first
            let plaintext = [UInt8(index)]
            sealed.append((barrier, plaintext, try await barrier.encrypt(plaintext, path: "p")))
        }
        var perTerm: [UInt32: Int] = [:]
        for (_, _, envelope) in sealed { perTerm[Self.term(of: envelope), default: 0] += 1 }
        #expect(perTerm.values.allSatisfy { $0 <= 4 }, "no term sealed 5 values: \(perTerm)")
        #expect(perTerm.count >= 5)
        // Either instance opens everything, whichever sealed it.
        for (_, plaintext, envelope) in sealed {
            #expect(try await first.decrypt(envelope, path: "p") == plaintext)
            #expect(try await second.decrypt(envelope, path: "p") == plaintext)
        }
    }

    @Test("another instance's new term is found when a value sealed under it is read")
    func termFromAnotherInstance() async throws {
        let (first, unsealKey, storage) = try await Self.unsealedBarrier()
        let second = Barrier(storage: storage)
        try await second.unseal(with: unsealKey)
        try await first.rotate()
        let sealed = try await first.encrypt(Array("from the first".utf8), path: "p")
        #expect(try await second.decrypt(sealed, path: "p") == Array("from the first".utf8))
        #expect(try second.keyStatus().term == 2)
    }

    @Test("a wrong unseal key opens nothing; a sealed barrier refuses everything")
    func sealedAndWrongKey() async throws {
        let (barrier, _, storage) = try await Self.unsealedBarrier()
        let sealed = try await barrier.encrypt([42], path: "p")
        let stranger = Barrier(storage: storage)
        await #expect { try await stranger.unseal(with: try SymmetricKey.random()) } throws: { error in
            (error as? SealError)?.code == .invalidUnsealKey
        }
        #expect(stranger.isSealed)
        barrier.seal()
        #expect(barrier.isSealed)
        for attempt in [
            { _ = try await barrier.encrypt([1], path: "p") }, { _ = try await barrier.decrypt(sealed, path: "p") },
            { _ = try barrier.keyStatus() }, { try await barrier.rotate() },
        ] as [@Sendable () async throws -> Void] {
            await #expect { try await attempt() } throws: { error in (error as? SealError)?.code == .sealed }
        }
    }

    @Test("sealing lets go of the unseal key, so its memory is wiped")
    func sealingReleasesKeys() async throws {
        let storage = InMemoryStorage()
        weak var released: SymmetricKey?
        let barrier = Barrier(storage: storage)
        do {
            let unsealKey = try SymmetricKey.random()
            released = unsealKey
            try await storage.commit([try barrier.initialKeyringMutation(unsealKey: unsealKey)])
            try await barrier.unseal(with: unsealKey)
            _ = try await barrier.encrypt([1], path: "p")
        }
        #expect(released != nil, "the unsealed barrier holds the unseal key")
        barrier.seal()
        // SymmetricKey wipes its buffer in deinit; no reference is left to keep it alive.
        #expect(released == nil)
    }

    static func term(of envelope: [UInt8]) -> UInt32 {
        envelope[1..<5].reduce(0) { $0 << 8 | UInt32($1) }
    }
}

extension Array where Element == UInt8 {
    fileprivate func contains(subsequence: [UInt8]) -> Bool {
        guard !subsequence.isEmpty, subsequence.count <= count else { return false }
        return (0...(count - subsequence.count)).contains { start in
            self[start..<(start + subsequence.count)].elementsEqual(subsequence)
        }
    }
}
