import Foundation
import JWTKit
import _CryptoExtras

/// The RSA key pairs that sign and verify session tokens, as stored at `identity/token-keys`: the
/// current key first. The first instance to start generates the ring; every instance uses it.
struct TokenKeyRing: Codable, Sendable {
    /// One signing key pair.
    struct Key: Codable, Sendable {
        /// The JWT `kid` naming this key.
        var kid: String
        /// PKCS#8 PEM of the private key.
        var privateKey: String
        /// When it was generated.
        var created: Date

        enum CodingKeys: String, CodingKey {
            case kid, created
            case privateKey = "private_key"
        }
    }

    /// The keys, current first.
    var keys: [Key]

    /// Size of generated keys: RS256 with 2048-bit keys, as DC/OS issues; verification stays cheap.
    static let keySize = _RSA.Signing.KeySize.bits2048

    /// A ring holding one newly generated key.
    static func generate(now: Date = Date()) throws -> TokenKeyRing {
        let key = try _RSA.Signing.PrivateKey(keySize: keySize)
        let kid = try SecureRandomText.make(byteCount: 16)
        return TokenKeyRing(keys: [Key(kid: kid, privateKey: key.pemRepresentation, created: now)])
    }
}
