/// A storage failure with a stable code. Messages name keys, never values.
public struct StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, stable across releases.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// No value at the key.
        public static let notFound = Code(rawValue: "NOT_FOUND")
        /// A create found a value already there.
        public static let alreadyExists = Code(rawValue: "ALREADY_EXISTS")
        /// The value's version was not the expected one: someone else changed it.
        public static let versionConflict = Code(rawValue: "VERSION_CONFLICT")
        /// The backend could not be reached in time; a write may or may not have been applied.
        public static let unavailable = Code(rawValue: "STORAGE_UNAVAILABLE")
        /// The value or batch is larger than the backend can take.
        public static let tooLarge = Code(rawValue: "TOO_LARGE")
        /// Stored data does not decode: it was damaged or written by something else.
        public static let corrupted = Code(rawValue: "CORRUPTED")
        /// The key is not valid.
        public static let invalidKey = Code(rawValue: "INVALID_KEY")
        /// The backend refused our identity (e.g. a ZooKeeper ACL).
        public static let accessDenied = Code(rawValue: "ACCESS_DENIED")

        public var description: String { rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence; names keys, never values.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
