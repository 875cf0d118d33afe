/// How the seal keeps shares of the unseal key: each share encrypted to an OpenPGP public key, and
/// in bootstrap mode a key pair of the store's own whose secret half is kept in storage.
///
/// Core names the operations; an adapter implements them (gpgme in `SecretStoreGPGKeyWrapping`).
/// Calls may block on a child process for seconds (key generation): implementations run them off
/// the cooperative thread pool. Messages of thrown errors never contain key material.
public protocol KeyShareWrapping: Sendable {
    /// Generates a key pair that can encrypt, for the store's bootstrap share.
    func generateKeyPair(userID: String) async throws -> WrappingKeyPair

    /// Encrypts `shares[i]` to `publicKeys[i]`, a public key in the contract's `pgp_keys` form
    /// (base64 of a binary OpenPGP key, or ASCII-armoured). Every key is checked before any share is
    /// encrypted.
    ///
    /// - Throws: `KeyShareWrappingError` naming the first unusable key's index.
    func wrap(_ shares: [[UInt8]], to publicKeys: [String]) async throws -> [WrappedKeyShare]

    /// Decrypts a message `wrap` made, with the secret key `generateKeyPair` returned.
    func unwrap(_ message: [UInt8], secretKey: String) async throws -> [UInt8]
}

/// A key pair from `KeyShareWrapping.generateKeyPair`, both halves ASCII-armoured.
public struct WrappingKeyPair: Sendable {
    /// The public half, in a form `KeyShareWrapping.wrap` takes.
    public var publicKey: String
    /// The secret half, for `KeyShareWrapping.unwrap`; never logged.
    public var secretKey: String

    /// Pairs two halves.
    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }
}

/// One share encrypted to one public key.
public struct WrappedKeyShare: Sendable, Hashable {
    /// The fingerprint of the key the share is encrypted to (upper-case hex).
    public var fingerprint: String
    /// The encrypted share.
    public var message: [UInt8]

    /// Pairs a fingerprint with a message.
    public init(fingerprint: String, message: [UInt8]) {
        self.fingerprint = fingerprint
        self.message = message
    }
}

/// A public key `KeyShareWrapping.wrap` cannot encrypt to.
public struct KeyShareWrappingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The index of the key in the request's `pgp_keys`.
    public var index: Int
    /// Why the key is unusable, without key material.
    public var reason: String

    /// Names the key at `index` and why it is unusable.
    public init(index: Int, reason: String) {
        self.index = index
        self.reason = reason
    }

    public var description: String { "pgp_keys[\(index)] is not a usable OpenPGP public key: \(reason)" }
}
