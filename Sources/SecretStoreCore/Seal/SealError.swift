/// A failure of sealing, unsealing or initialising, with a stable code the HTTP layer maps to a
/// status in one place. Messages never contain key material.
public struct SealError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, stable across releases.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String
        /// Creates a code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A malformed or impossible request: shares or threshold out of range, an unusable OpenPGP key,
        /// unsealing a store that is not initialised, `auto-unseal` outside bootstrap mode.
        public static let badRequest = Code(rawValue: "BAD_REQUEST")
        /// A share that is not one of the store's, or shares that do not open the keyring.
        public static let invalidUnsealKey = Code(rawValue: "INVALID_UNSEAL_KEY")
        /// The store is sealed (or not initialised yet): no secret can be read or written.
        public static let sealed = Code(rawValue: "SEALED")
        /// `PUT /init` on a store that is initialised.
        public static let alreadyInitialized = Code(rawValue: "ALREADY_EXISTS")
        /// A rekey that cannot go on: one is in progress already, or the store was rekeyed meanwhile
        /// through another instance.
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
