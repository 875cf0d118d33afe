import SecretStoreCore

/// The name under which `StorageError.Code` is used here.
typealias StorageErrorCode = StorageError.Code

/// One behaviour every `Storage` implementation must show.
public struct StorageConformanceCase: Sendable, CustomStringConvertible {
    /// What the case checks.
    public let name: String
    /// Runs the case against a fresh, empty storage; throws `ConformanceFailure` or the storage's error.
    public let run: @Sendable (any Storage) async throws -> Void

    public var description: String { name }
}

/// The storage conformance suite: the same cases run against the in-memory and the ZooKeeper
/// storage, each against a fresh, empty store.
public enum StorageConformance {
    /// Every case of the suite.
    public static let cases: [StorageConformanceCase] = [
        StorageConformanceCase(name: "round trips from 0 bytes to the largest value", run: roundTrips),
        StorageConformanceCase(name: "create refuses an existing value", run: createExisting),
        StorageConformanceCase(name: "update checks versions", run: updateVersions),
        StorageConformanceCase(
            name: "of two concurrent writers holding one version exactly one wins", run: concurrentWriters),
        StorageConformanceCase(name: "delete removes only the value", run: deleteSemantics),
        StorageConformanceCase(name: "batches are all or nothing", run: batchAtomicity),
        StorageConformanceCase(name: "children list values and folders, sorted", run: listing),
        StorageConformanceCase(name: "value keys are listed recursively, without bare folders", run: valueKeys),
        StorageConformanceCase(name: "watches report creates, updates and deletes", run: notifications),
        StorageConformanceCase(name: "oversize values and bad batches are refused", run: limits),
        StorageConformanceCase(name: "values change size across the chunking threshold", run: resizing),
    ]

    static func key(_ path: String) throws -> StorageKey { try StorageKey(path) }

    static func roundTrips(_ storage: any Storage) async throws {
        let sizes = [0, 1, 1023, 1024, 65_536, 1_000_000, 1_048_576, 1_048_576 + 512, storage.maximumValueSize]
        for (index, size) in sizes.enumerated() {
            let key = try key("sizes/v\(index)")
            let value = pattern(size, seed: UInt64(size) + 1)
            try await storage.create(key, value)
            let read = try await storage.read(key)
            try require(read?.bytes.count == size, "size \(size): read back \(read?.bytes.count ?? -1) bytes")
            try require(read?.bytes == value, "size \(size): bytes differ")
        }
        try require(try await storage.read(key("sizes/missing")) == nil, "a missing key reads as nil")
    }

    static func createExisting(_ storage: any Storage) async throws {
        let key = try key("a/b")
        try await storage.create(key, [1])
        try await requireStorageError(.alreadyExists) { try await storage.create(key, [2]) }
        try require(try await storage.read(key)?.bytes == [1], "the first value stays")
    }

    static func updateVersions(_ storage: any Storage) async throws {
        let key = try key("versions")
        try await requireStorageError(.notFound) { try await storage.update(key, [0], expected: StorageVersion(0)) }
        try await storage.create(key, [1])
        let first = try await storage.read(key)!.version
        try await storage.update(key, [2], expected: first)
        let second = try await storage.read(key)!
        try require(second.bytes == [2] && second.version != first, "update applies and changes the version")
        try await requireStorageError(.versionConflict) { try await storage.update(key, [3], expected: first) }
        try require(try await storage.read(key)?.bytes == [2], "a stale update changes nothing")
        try await storage.update(key, pattern(1_200_000, seed: 7), expected: second.version)
        let third = try await storage.read(key)!
        try await storage.update(key, [4], expected: third.version)
        try require(try await storage.read(key)?.bytes == [4], "large to small update applies")
    }

    static func concurrentWriters(_ storage: any Storage) async throws {
        for (round, size) in [16, 16, 16, 1_100_000].enumerated() {
            let key = try key("race/r\(round)")
            try await storage.create(key, [0])
            let version = try await storage.read(key)!.version
            let values = [pattern(size, seed: UInt64(round * 2 + 10)), pattern(size, seed: UInt64(round * 2 + 11))]
            let outcomes = await withTaskGroup(of: (Int, (any Error)?).self) { group in
                for writer in 0..<2 {
                    group.addTask {
                        do {
                            try await storage.update(key, values[writer], expected: version)
                            return (writer, nil)
                        } catch { return (writer, error) }
                    }
                }
                return await group.reduce(into: [(Int, (any Error)?)]()) { $0.append($1) }
            }
            let winners = outcomes.filter { $0.1 == nil }.map(\.0)
            try require(winners.count == 1, "round \(round): \(winners.count) writers succeeded")
            for (_, error) in outcomes {
                if let error {
                    try require((error as? StorageError)?.code == .versionConflict, "loser got \(error)")
                }
            }
            try require(
                try await storage.read(key)?.bytes == values[winners[0]], "round \(round): the winner's value stays")
        }
    }

    static func deleteSemantics(_ storage: any Storage) async throws {
        let parent = try key("d/parent")
        let child = try key("d/parent/child")
        try await requireStorageError(.notFound) { try await storage.delete(parent) }
        try await storage.create(parent, [1])
        try await storage.create(child, [2])
        let version = try await storage.read(parent)!.version
        try await storage.update(parent, [3], expected: version)
        try await requireStorageError(.versionConflict) { try await storage.delete(parent, expected: version) }
        try await storage.delete(parent)
        try require(try await storage.read(parent) == nil, "the deleted value is gone")
        try require(try await storage.read(child)?.bytes == [2], "keys below a deleted value stay")
        try require(try await storage.children(of: key("d")) == ["parent"], "the folder stays listed")
        try await storage.create(parent, [4])
        try require(try await storage.read(parent)?.bytes == [4], "a deleted key can be created again")
        let large = try key("d/large")
        try await storage.create(large, pattern(2_000_000, seed: 3))
        let largeVersion = try await storage.read(large)!.version
        try await storage.delete(large, expected: largeVersion)
        try require(try await storage.read(large) == nil, "a large value is deleted")
        try await storage.delete(child)
        try await storage.delete(parent)
        try require(try await storage.children(of: key("d")).isEmpty, "nothing is left under d")
    }

    static func batchAtomicity(_ storage: any Storage) async throws {
        let a = try key("batch/a")
        let b = try key("batch/b")
        let c = try key("batch/c")
        try await storage.create(b, [1])
        try await requireStorageError(.alreadyExists) {
            try await storage.commit([.create(a, [1]), .create(b, [2])])
        }
        try require(try await storage.read(a) == nil, "a failed batch creates nothing")
        let bVersion = try await storage.read(b)!.version
        try await storage.update(b, [2], expected: bVersion)
        try await requireStorageError(.versionConflict) {
            try await storage.commit([.create(c, pattern(1_500_000, seed: 5)), .update(b, [3], expected: bVersion)])
        }
        try require(try await storage.read(c) == nil, "a failed batch with a large value creates nothing")
        try require(try await storage.read(b)?.bytes == [2], "a failed batch updates nothing")
        let current = try await storage.read(b)!.version
        let big = [pattern(1_048_576, seed: 8), pattern(1_048_576, seed: 9)]
        try await storage.commit([
            .create(a, big[0]), .create(c, big[1]), .delete(b, expected: current),
        ])
        try require(try await storage.read(a)?.bytes == big[0], "batch create a")
        try require(try await storage.read(c)?.bytes == big[1], "batch create c")
        try require(try await storage.read(b) == nil, "batch delete b")
        let aVersion = try await storage.read(a)!.version
        try await requireStorageError(.versionConflict) {
            try await storage.commit([.check(a, expected: StorageVersion(aVersion.rawValue + 1000)), .create(b, [9])])
        }
        try require(try await storage.read(b) == nil, "a failed check blocks the batch")
        try await storage.commit([.check(a, expected: aVersion), .create(b, [9])])
        try require(try await storage.read(b)?.bytes == [9], "a passing check lets the batch through")
    }

    static func listing(_ storage: any Storage) async throws {
        for path in ["l/key1", "l/folder/key2", "l/folder/key3", "l/folder/sub", "l/folder/sub/key4", "l/B", "l/a"] {
            try await storage.create(key(path), Array(path.utf8))
        }
        try require(
            try await storage.children(of: key("l")) == ["B", "a", "folder", "key1"],
            "root children sorted byte-wise")
        try require(try await storage.children(of: key("l/folder")) == ["key2", "key3", "sub"], "folder children")
        try require(try await storage.children(of: key("l/folder/sub")) == ["key4"], "a key that is also a folder")
        try require(try await storage.children(of: key("l/folder/sub/key4")).isEmpty, "a leaf has no children")
        try require(try await storage.children(of: key("l/nothing")).isEmpty, "a missing folder lists nothing")
        try require(try await storage.children(of: .root).contains("l"), "the root lists top-level names")
    }

    static func valueKeys(_ storage: any Storage) async throws {
        for path in ["v/key1", "v/folder/key2", "v/folder/sub", "v/folder/sub/key4", "v/deep/a/b/c/key5", "vx/key6"] {
            try await storage.create(key(path), Array(path.utf8))
        }
        try await storage.create(key("v/gone/key7"), [7])
        try await storage.delete(key("v/gone/key7"))
        let below = try await storage.valueKeys(below: key("v")).map(\.path).sorted()
        try require(
            below == ["v/deep/a/b/c/key5", "v/folder/key2", "v/folder/sub", "v/folder/sub/key4", "v/key1"],
            "every value below, at any depth, and no bare folder nor sibling prefix: \(below)")
        let sub = try await storage.valueKeys(below: key("v/folder/sub")).map(\.path)
        try require(sub == ["v/folder/sub/key4"], "a key that holds a value lists only what is below it: \(sub)")
        try require(try await storage.valueKeys(below: key("v/nothing")).isEmpty, "a missing folder lists nothing")
        try require(try await storage.valueKeys(below: key("v/key1")).isEmpty, "a leaf has nothing below it")
    }

    static func notifications(_ storage: any Storage) async throws {
        let key = try key("watched/key")
        let other = try Self.key("watched/other")
        let events = try await storage.watch(key)
        try await storage.create(other, [0])
        try await storage.create(key, [1])
        try require(await nextEvent(events) == .changed(key), "create is reported")
        let version = try await storage.read(key)!.version
        try await storage.update(key, [2], expected: version)
        try require(await nextEvent(events) == .changed(key), "update is reported")
        try await storage.delete(key)
        try require(await nextEvent(events) == .changed(key), "delete is reported")
    }

    static func limits(_ storage: any Storage) async throws {
        let key = try key("limits/big")
        try await requireStorageError(.tooLarge) {
            try await storage.create(key, [UInt8](repeating: 1, count: storage.maximumValueSize + 1))
        }
        try require(try await storage.read(key) == nil, "an oversize value is not stored")
        try await requireStorageError(.invalidKey) { try await storage.commit([.create(key, [1]), .create(key, [2])]) }
        try await requireStorageError(.invalidKey) { try StorageKey("a//b") }
        try await requireStorageError(.invalidKey) { try StorageKey("a/../b") }
        try await requireStorageError(.invalidKey) { try StorageKey("@chunks") }
    }

    static func resizing(_ storage: any Storage) async throws {
        let key = try key("resize")
        var sizes = [10, 1_048_600, 20, 3_000_000, 1_048_600, 0]
        try await storage.create(key, pattern(sizes.removeFirst(), seed: 100))
        for (index, size) in sizes.enumerated() {
            let version = try await storage.read(key)!.version
            let value = pattern(size, seed: UInt64(200 + index))
            try await storage.update(key, value, expected: version)
            try require(try await storage.read(key)?.bytes == value, "size \(size) after resizing")
        }
    }
}
