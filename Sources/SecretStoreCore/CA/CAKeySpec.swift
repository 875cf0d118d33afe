import Crypto
import X509
import _CryptoExtras

/// A key the CA generates for `newkey`/`newcert` (cfssl's `{"algo", "size"}`): RSA of 2048, 4096
/// or 8192 bits, or ECDSA on P-256, P-384 or P-521. Any other size is a 400, as in cfssl.
public struct CAKeySpec: Sendable, Hashable, CustomStringConvertible {
    /// The key algorithm.
    public enum Algorithm: String, Sendable, Hashable {
        /// RSA (PKCS#1 v1.5 signatures with SHA-256).
        case rsa
        /// ECDSA on a NIST curve.
        case ecdsa
    }

    /// The algorithm.
    public let algorithm: Algorithm
    /// The size in bits (RSA modulus, or the curve's size).
    public let size: Int

    /// The sizes cfssl accepts for each algorithm.
    public static let allowedSizes: [Algorithm: [Int]] = [.rsa: [2048, 4096, 8192], .ecdsa: [256, 384, 521]]

    /// cfssl's default when a request names no key: ECDSA P-256.
    public static let `default` = CAKeySpec(validated: .ecdsa, size: 256)

    private init(validated algorithm: Algorithm, size: Int) {
        self.algorithm = algorithm
        self.size = size
    }

    /// Checks a request's `algo` and `size`; a missing size takes cfssl's default for the algorithm
    /// (RSA 2048, ECDSA 256).
    public init(algo: String, size: Int?) throws(CAError) {
        guard let algorithm = Algorithm(rawValue: algo.lowercased()) else {
            throw CAError(.badRequest, "key algo \"\(algo)\" is not one of rsa, ecdsa")
        }
        let sizes = Self.allowedSizes[algorithm] ?? []
        let chosen = size ?? sizes[0]
        guard sizes.contains(chosen) else {
            let allowed = sizes.map(String.init).joined(separator: ", ")
            throw CAError(
                .badRequest, "a \(algorithm.rawValue) key of \(chosen) bits is not allowed (sizes: \(allowed))")
        }
        self.init(validated: algorithm, size: chosen)
    }

    /// A new private key of this spec. RSA keys take from milliseconds (2048) to many seconds
    /// (8192): callers run this off the cooperative pool.
    public func generate() throws -> Certificate.PrivateKey {
        switch (algorithm, size) {
        case (.ecdsa, 384): return Certificate.PrivateKey(P384.Signing.PrivateKey())
        case (.ecdsa, 521): return Certificate.PrivateKey(P521.Signing.PrivateKey())
        case (.ecdsa, _): return Certificate.PrivateKey(P256.Signing.PrivateKey())
        case (.rsa, _):
            return Certificate.PrivateKey(try _RSA.Signing.PrivateKey(keySize: _RSA.Signing.KeySize(bitCount: size)))
        }
    }

    public var description: String { "\(algorithm.rawValue) \(size)" }
}
