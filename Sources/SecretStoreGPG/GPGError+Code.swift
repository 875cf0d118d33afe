import CGPGME

extension GPGError {
    /// A gpgme error code (`GPG_ERR_NO_SECKEY`, …), or one of this wrapper's own codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The `gpg_err_code_t` value; this wrapper's own codes use libgpg-error's range for
        /// applications (`GPG_ERR_USER_1` … `GPG_ERR_USER_16`, 1024–1039).
        public var rawValue: UInt32

        /// Creates a code from its raw value.
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        /// No secret key in this context can decrypt the message (`GPG_ERR_NO_SECKEY`): it was
        /// encrypted to somebody else's key.
        public static let noSecretKey = Code(rawValue: GPG_ERR_NO_SECKEY.rawValue)
        /// No public key for a recipient (`GPG_ERR_NO_PUBKEY`).
        public static let noPublicKey = Code(rawValue: GPG_ERR_NO_PUBKEY.rawValue)
        /// Decryption failed, e.g. a corrupt or truncated message (`GPG_ERR_DECRYPT_FAILED`).
        public static let decryptFailed = Code(rawValue: GPG_ERR_DECRYPT_FAILED.rawValue)
        /// The input is not OpenPGP data gpg understands (`GPG_ERR_BAD_DATA`).
        public static let badData = Code(rawValue: GPG_ERR_BAD_DATA.rawValue)
        /// The input held no OpenPGP data at all (`GPG_ERR_NO_DATA`).
        public static let noData = Code(rawValue: GPG_ERR_NO_DATA.rawValue)
        /// No key with that fingerprint in this context (`GPG_ERR_NOT_FOUND`).
        public static let notFound = Code(rawValue: GPG_ERR_NOT_FOUND.rawValue)
        /// An argument was rejected (`GPG_ERR_INV_VALUE`): a malformed fingerprint, user ID or
        /// encoded key, or a secret key where a public one was expected.
        public static let invalidValue = Code(rawValue: GPG_ERR_INV_VALUE.rawValue)
        /// The key cannot be used for this operation, e.g. it cannot encrypt
        /// (`GPG_ERR_UNUSABLE_PUBKEY`).
        public static let unusablePublicKey = Code(rawValue: GPG_ERR_UNUSABLE_PUBKEY.rawValue)
        /// The key cannot be used for this purpose (`GPG_ERR_WRONG_KEY_USAGE`).
        public static let wrongKeyUsage = Code(rawValue: GPG_ERR_WRONG_KEY_USAGE.rawValue)
        /// gpgme or the gpg engine is not usable (`GPG_ERR_NOT_OPERATIONAL`).
        public static let notOperational = Code(rawValue: GPG_ERR_NOT_OPERATIONAL.rawValue)
        /// The gpg engine is missing or too old (`GPG_ERR_INV_ENGINE`).
        public static let invalidEngine = Code(rawValue: GPG_ERR_INV_ENGINE.rawValue)
        /// An unspecified failure of the engine (`GPG_ERR_GENERAL`).
        public static let general = Code(rawValue: GPG_ERR_GENERAL.rawValue)

        /// This wrapper's code: the data held no key, or none that gpg imported.
        public static let noKeyImported = Code(rawValue: GPG_ERR_USER_1.rawValue)
        /// This wrapper's code: the private home directory could not be created.
        public static let homeUnavailable = Code(rawValue: GPG_ERR_USER_2.rawValue)
        /// This wrapper's code: the context was closed.
        public static let contextClosed = Code(rawValue: GPG_ERR_USER_3.rawValue)
        /// This wrapper's code: the data held more than one key where exactly one was expected.
        public static let ambiguousKey = Code(rawValue: GPG_ERR_USER_4.rawValue)

        /// The code in words: gpgme's text for its codes, ours for this wrapper's.
        public var description: String {
            switch self {
            case .noKeyImported: return "no OpenPGP key was imported"
            case .homeUnavailable: return "could not create a private gpg home directory"
            case .contextClosed: return "the gpg context is closed"
            case .ambiguousKey: return "expected exactly one OpenPGP key"
            default:
                // gpgme_strerror looks only at the code bits and returns a static string.
                return String(cString: gpgme_strerror(rawValue))
            }
        }
    }
}
