/// A value's version: changes on every write of the key. Only equality is meaningful.
public struct StorageVersion: Hashable, Sendable, CustomStringConvertible {
    /// The backend's version number.
    public var rawValue: Int64
    /// Creates a version.
    public init(_ rawValue: Int64) { self.rawValue = rawValue }
    public var description: String { String(rawValue) }
}

/// A stored value and the version it was read at.
public struct VersionedValue: Sendable, Hashable {
    /// The value's bytes.
    public var bytes: [UInt8]
    /// The version to pass to a conditional update or delete.
    public var version: StorageVersion

    /// Creates a versioned value.
    public init(bytes: [UInt8], version: StorageVersion) {
        self.bytes = bytes
        self.version = version
    }
}

/// One change in an atomic batch.
public enum StorageMutation: Sendable, Hashable {
    /// Store a value where there is none; `.alreadyExists` otherwise.
    case create(StorageKey, [UInt8])
    /// Replace the value if it is still at `expected`; `.versionConflict` or `.notFound` otherwise.
    case update(StorageKey, [UInt8], expected: StorageVersion)
    /// Remove the value (if `expected` is given, only at that version); `.notFound` if there is none.
    /// Keys below it are untouched.
    case delete(StorageKey, expected: StorageVersion?)
    /// Change nothing, but fail the batch unless the value is at `expected`.
    case check(StorageKey, expected: StorageVersion)

    /// The key this mutation is about.
    public var key: StorageKey {
        switch self {
        case .create(let key, _), .update(let key, _, _), .delete(let key, _), .check(let key, _): return key
        }
    }

    /// Rejects a batch no backend can store: oversize values, the root, a key named twice.
    public static func validate(_ mutations: [StorageMutation], maximumValueSize: Int) throws {
        var seen = Set<StorageKey>()
        for mutation in mutations {
            guard !mutation.key.isRoot else { throw StorageError(.invalidKey, "the root holds no value") }
            // One mutation cannot repeat a key: skip the set on the common single-key path.
            guard mutations.count == 1 || seen.insert(mutation.key).inserted else {
                throw StorageError(.invalidKey, "a batch names \(mutation.key) twice")
            }
            if let value = mutation.value, value.count > maximumValueSize {
                throw StorageError(.tooLarge, "value for \(mutation.key) is larger than \(maximumValueSize) bytes")
            }
        }
    }

    /// The new value, for creates and updates.
    public var value: [UInt8]? {
        switch self {
        case .create(_, let value), .update(_, let value, _): return value
        case .delete, .check: return nil
        }
    }
}

/// What a storage watch reports.
public enum StorageChange: Sendable, Hashable {
    /// The watched key's value was created, changed or removed.
    case changed(StorageKey)
    /// Changes may have been missed (e.g. the backend connection was re-established): read again.
    case resync
}
