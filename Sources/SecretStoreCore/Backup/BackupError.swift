/// A backup or restore that cannot be done, with a stable code the HTTP layer maps to a status in
/// one place. Messages name keys and offsets, never values.
public struct BackupError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, stable across releases.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The file is not a whole, well-formed backup: truncated, altered, a bad trailer, a bad or
        /// repeated key, a record that does not decode. Nothing was written.
        public static let damaged = Code(rawValue: "BACKUP_DAMAGED")
        /// A restore into a root that is initialised or holds secrets.
        public static let notEmpty = Code(rawValue: "STORE_NOT_EMPTY")
        /// A backup of a store that was never initialised: there is nothing to back up.
        public static let notInitialized = Code(rawValue: "NOT_INITIALIZED")
        /// The store changed under the backup or restore in a way it cannot ride out (a rekey
        /// mid-backup, identity written throughout, another restore): try again.
        public static let conflict = Code(rawValue: "CONFLICT")

        public var description: String { rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
