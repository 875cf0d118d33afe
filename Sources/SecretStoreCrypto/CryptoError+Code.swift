extension CryptoError {
    /// The kind of a `CryptoError`, with a stable raw value.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The stable name of this code.
        public let rawValue: String

        /// Creates a code from its stable name.
        public init(rawValue: String) {
            self.rawValue = rawValue
        }

        /// The code's stable name.
        public var description: String { rawValue }

        /// The ciphertext, tag, nonce, associated data or key do not match: the box was altered or the wrong key or
        /// associated data was given.
        public static let authenticationFailed = Code(rawValue: "authenticationFailed")

        /// Key material was not exactly 32 bytes.
        public static let invalidKeySize = Code(rawValue: "invalidKeySize")

        /// A nonce was not exactly 12 bytes.
        public static let invalidNonce = Code(rawValue: "invalidNonce")

        /// Input was malformed or out of range: a sealed box too short, a tag of the wrong size, a length OpenSSL
        /// cannot take, a password-hashing round count outside libxcrypt's range.
        public static let invalidInput = Code(rawValue: "invalidInput")

        /// A password cannot be hashed as given: it contains a NUL byte or is longer than libxcrypt takes.
        public static let invalidPassword = Code(rawValue: "invalidPassword")

        /// A stored password hash is not a well-formed SHA-512 crypt (`$6$`) string: another scheme, or malformed.
        public static let invalidPasswordHash = Code(rawValue: "invalidPasswordHash")

        /// A libxcrypt call failed or returned something other than what it documents; `detail` names the errno.
        public static let libxcrypt = Code(rawValue: "libxcrypt")

        /// An OpenSSL call failed for a reason other than authentication; see `CryptoError.openSSLErrors`.
        public static let openSSL = Code(rawValue: "openSSL")

        /// OpenSSL's random generator could not produce bytes.
        public static let randomFailure = Code(rawValue: "randomFailure")
    }
}
