/// What gpg knows about one key in a home: enough for tests and diagnostics to check a key's
/// algorithm, size, capabilities and expiry. Holds no key material.
package struct GPGKeyDetails: Sendable, Hashable {
    /// One key of an OpenPGP key: the primary key first, then its subkeys.
    package struct Subkey: Sendable, Hashable {
        /// The subkey's own fingerprint.
        package var fingerprint: String
        /// gpg's name of the algorithm, e.g. `RSA`.
        package var algorithm: String
        /// The key size in bits, e.g. 4096.
        package var length: Int
        /// Whether the subkey may encrypt.
        package var canEncrypt: Bool
        /// Whether the subkey may sign.
        package var canSign: Bool
        /// Whether the subkey may certify other keys.
        package var canCertify: Bool
        /// The expiry time in seconds since 1970, or `nil` if it never expires.
        package var expires: Int?
        /// Whether the subkey is revoked, expired, disabled or invalid.
        package var isUnusable: Bool
    }

    /// The primary key's fingerprint.
    package var fingerprint: String
    /// The user IDs, e.g. `Name <mail@example.org>`.
    package var userIDs: [String]
    /// Whether some valid subkey can encrypt.
    package var canEncrypt: Bool
    /// The primary key and its subkeys, in gpg's order.
    package var subkeys: [Subkey]
}
