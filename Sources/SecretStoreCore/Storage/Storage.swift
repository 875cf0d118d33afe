/// A versioned key → bytes store with atomic batches: what the secret store keeps its data in.
///
/// Storage is untrusted: values reaching it are already encrypted by the barrier. Implementations
/// must make every batch all-or-nothing and never let a reader see part of a value.
public protocol Storage: Sendable {
    /// The value at `key` and its version, or `nil` if there is none.
    func read(_ key: StorageKey) async throws -> VersionedValue?

    /// The names directly below `key` that hold a value or have values below them, sorted byte-wise.
    func children(of key: StorageKey) async throws -> [String]

    /// Every key strictly below `key` that holds a value, at any depth, in no particular order.
    /// Folders that hold no value are not listed; a key that holds a value and has keys below it is.
    func valueKeys(below key: StorageKey) async throws -> [StorageKey]

    /// Applies every mutation or none. Throws `StorageError` with `.alreadyExists`, `.notFound` or
    /// `.versionConflict` when a precondition fails, `.unavailable` when the outcome is unknown.
    func commit(_ mutations: [StorageMutation]) async throws

    /// Reports changes to the value at `key` for as long as the sequence is iterated (consumers read
    /// the value again on every event: several changes may be reported as one). The watch is in
    /// place when this returns, so a change made afterwards is reported. Implementations do the
    /// watching in the consumer's task, or in no task at all, never in one of their own.
    func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable

    /// Reports the next change to the value at `key` once, into `changes`: `.changed(key)`, or
    /// `.resync` if changes may have been missed before it (the backend's session was lost). In place
    /// when this returns. Lets one consumer keep many keys valid (`StorageReadCache`): each
    /// notification is yielded, without blocking, from wherever the backend learns of the change.
    func notifyOnNextChange(of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation) async throws

    /// The length of the value at `key`, or `nil` if there is none; cheaper than reading it where
    /// the backend can tell.
    func storedSize(_ key: StorageKey) async throws -> Int?

    /// The largest value one key can hold.
    var maximumValueSize: Int { get }

    /// Whether the backend is reachable right now, as far as the client knows. Values cached from
    /// it are only served while it is, so an outage is reported rather than hidden.
    var isReachable: Bool { get }
}

extension Storage {
    /// Reads the value to measure it: for backends that cannot tell its length otherwise.
    public func storedSize(_ key: StorageKey) async throws -> Int? {
        try await read(key)?.bytes.count
    }

    /// Stores a new value; `.alreadyExists` if there is one.
    public func create(_ key: StorageKey, _ value: [UInt8]) async throws {
        try await commit([.create(key, value)])
    }

    /// Replaces a value read at `expected`.
    public func update(_ key: StorageKey, _ value: [UInt8], expected: StorageVersion) async throws {
        try await commit([.update(key, value, expected: expected)])
    }

    /// Removes a value.
    public func delete(_ key: StorageKey, expected: StorageVersion? = nil) async throws {
        try await commit([.delete(key, expected: expected)])
    }
}
