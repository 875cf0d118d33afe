/// A failure of the identity service with a stable code; the HTTP layer maps codes to statuses in
/// one place. Messages name ids, never passwords, hashes or tokens.
public struct IdentityError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, stable across releases.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A malformed field or id, an unknown action, a grant that is not there.
        public static let badRequest = Code(rawValue: "BAD_REQUEST")
        /// No user, group or ACL with that id.
        public static let notFound = Code(rawValue: "NOT_FOUND")
        /// A create of an id that exists.
        public static let alreadyExists = Code(rawValue: "ALREADY_EXISTS")
        /// Concurrent changes won the race twice.
        public static let conflict = Code(rawValue: "CONFLICT")
        /// No valid credentials or token.
        public static let unauthenticated = Code(rawValue: "UNAUTHENTICATED")
        /// Authenticated, but not permitted.
        public static let forbidden = Code(rawValue: "FORBIDDEN")
        /// Too many failed logins, or too many password hashes waiting; `retryAfter` says when to
        /// try again.
        public static let tooManyRequests = Code(rawValue: "TOO_MANY_REQUESTS")

        public var description: String { rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// A human sentence.
    public var message: String
    /// For `.tooManyRequests`: whole seconds until a retry can succeed.
    public var retryAfterSeconds: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, retryAfterSeconds: Int? = nil) {
        self.code = code
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var description: String { "\(code): \(message)" }
}
