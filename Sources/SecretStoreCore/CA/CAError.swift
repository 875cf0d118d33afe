/// A refusal of the certificate authority: a key spec outside cfssl's sizes, a CSR that does not
/// parse, does not verify or has a weak key, a host that is neither a DNS name nor an IP address.
/// Messages name what is wrong, never key material.
public struct CAError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The contract's error code (§1).
    public struct Code: RawRepresentable, Sendable, Hashable {
        /// The code as it appears in an error body.
        public let rawValue: String
        /// Wraps a raw code.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// A request the CA refuses (400).
        public static let badRequest = Code(rawValue: "BAD_REQUEST")
    }

    /// What went wrong, as a stable code.
    public let code: Code
    /// A sentence for the operator.
    public let message: String

    /// An error with `code` and `message`.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
