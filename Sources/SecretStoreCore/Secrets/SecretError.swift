/// A failure of the secrets API with a stable code; the HTTP layer maps codes to statuses in one
/// place. Messages name paths and limits, never secret values or request bodies.
public struct SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, stable across releases.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A path that is not one or more components of `[A-Za-z0-9_-]` after normalisation.
        public static let invalidPath = Code(rawValue: "INVALID_PATH")
        /// No secret at that path.
        public static let notFound = Code(rawValue: "NOT_FOUND")
        /// A create of a path that holds a secret.
        public static let alreadyExists = Code(rawValue: "ALREADY_EXISTS")
        /// Concurrent changes won the race twice.
        public static let conflict = Code(rawValue: "CONFLICT")
        /// A value (or its description and labels) over the size limit.
        public static let tooLarge = Code(rawValue: "TOO_LARGE")
        /// The write would take the store past its capacity budget (`--max-store-bytes`, `--max-secrets`).
        public static let insufficientStorage = Code(rawValue: "INSUFFICIENT_STORAGE")
        /// The client accepts no representation the secret has (a binary secret asked for as JSON).
        public static let notAcceptable = Code(rawValue: "NOT_ACCEPTABLE")
        /// A body that is neither JSON nor `application/octet-stream`.
        public static let unsupportedMediaType = Code(rawValue: "UNSUPPORTED_MEDIA_TYPE")
        /// Malformed JSON, or a field of the wrong type.
        public static let badRequest = Code(rawValue: "BAD_REQUEST")
        /// A secret outside the space of the service it was asked for (contract §6).
        public static let spaceDenied = Code(rawValue: "SPACE_DENIED")
        /// The caller may not read a secret it asked to resolve.
        public static let forbidden = Code(rawValue: "FORBIDDEN")

        public var description: String { rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence.
    public var message: String
    /// The paths the failure is about, when it names several (resolve's denials and misses).
    public var paths: [String]

    /// Creates an error.
    public init(_ code: Code, _ message: String, paths: [String] = []) {
        self.code = code
        self.message = message
        self.paths = paths
    }

    public var description: String { "\(code): \(message)" }
}
