import SecretStoreCore
import SecretStoreCrypto

/// Key-share wrapping for unit tests, in microseconds and without gpg: a "key pair" is one random
/// AES-256 key written as `test-key:` and its hex in both halves, and a share is sealed to it with
/// AES-256-GCM. Not a public-key scheme: whoever holds the public half can decrypt. Tests only; the
/// server and the end-to-end tests use `GPGKeyShareWrapping`.
public struct TestKeyShareWrapping: KeyShareWrapping {
    static let prefix = "test-key:"

    /// A wrapping with no state.
    public init() {}

    public func generateKeyPair(userID: String) async throws -> WrappingKeyPair {
        var bytes = try SecureRandom.bytes(count: 32)
        defer { SecureMemory.wipe(&bytes) }
        let key = Self.prefix + Hex.encode(bytes)
        return WrappingKeyPair(publicKey: key, secretKey: key)
    }

    public func wrap(_ shares: [[UInt8]], to publicKeys: [String]) async throws -> [WrappedKeyShare] {
        let keys = try publicKeys.enumerated().map { index, text in
            guard let key = Self.key(text) else {
                throw KeyShareWrappingError(index: index, reason: "not a \(Self.prefix) key")
            }
            return key
        }
        return try zip(shares, zip(publicKeys, keys)).map { share, pair in
            WrappedKeyShare(
                fingerprint: Self.fingerprint(pair.0),
                message: try AESGCM.seal(share, using: pair.1).combined)
        }
    }

    public func unwrap(_ message: [UInt8], secretKey: String) async throws -> [UInt8] {
        guard let key = Self.key(secretKey) else {
            throw KeyShareWrappingError(index: 0, reason: "not a \(Self.prefix) key")
        }
        return try AESGCM.open(try AESGCMSealedBox(combined: message), using: key)
    }

    /// The key a `test-key:` text names, or `nil`.
    static func key(_ text: String) -> SymmetricKey? {
        guard text.hasPrefix(prefix) else { return nil }
        guard let bytes = Hex.decode(text.dropFirst(prefix.count)), bytes.count == 32 else { return nil }
        return try? SymmetricKey(bytes: bytes)
    }

    /// A stable, fingerprint-shaped name for a key: 40 upper-case hex digits of its SHA-256.
    static func fingerprint(_ text: String) -> String {
        let digest = (try? SHA256.hash(Array(text.utf8))) ?? []
        return Hex.encode(digest.prefix(20)).uppercased()
    }
}
