import SecretStoreCrypto

/// Shamir's secret sharing over GF(2^8), applied to each byte of a secret on its own, as Vault splits its unseal key.
///
/// Each byte gets its own random polynomial of degree `threshold - 1` whose constant term is the byte; share `k` holds
/// the value of every byte's polynomial at x = k. Any `threshold` shares determine the polynomials, hence the secret;
/// fewer say nothing about it. Share `k` always has x coordinate `k` (1…n): the coordinates are public, Shamir's
/// secrecy holds for any distinct non-zero choice, and fixed ones let an operator see which share is which and a
/// duplicate be recognised, where random ones (as Vault draws) would buy nothing.
public enum ShamirSecretSharing {
    /// The most shares one secret can be split into: every x coordinate is a distinct non-zero byte.
    public static let maximumShares = 255

    /// Splits `secret` into `shares` shares, any `threshold` of which recombine to it.
    ///
    /// With a threshold of 1 every share is the secret itself. The caller enforces any narrower product limit.
    ///
    /// - Throws: `SealError` with `.badRequest` if `secret` is empty, `threshold` is below 1 or above `shares`, or
    ///   `shares` is above `maximumShares`; `CryptoError` if no random bytes can be drawn.
    public static func split(_ secret: [UInt8], shares: Int, threshold: Int) throws -> [UnsealKeyShare] {
        // SecureRandom draws from OpenSSL's public DRBG; the coefficients live only until this call returns.
        try split(secret, shares: shares, threshold: threshold, randomBytes: SecureRandom.bytes(count:))
    }

    /// `split(_:shares:threshold:)` with the coefficients drawn from `randomBytes`, so tests can fix them.
    ///
    /// `randomBytes(n)` must return `n` bytes. For secret byte `i`, bytes `i·(threshold-1)` up to
    /// `(i+1)·(threshold-1)` are the coefficients of x^1 up to x^(threshold-1). The returned array is wiped.
    package static func split(
        _ secret: [UInt8],
        shares: Int,
        threshold: Int,
        randomBytes: (Int) throws -> [UInt8]
    ) throws -> [UnsealKeyShare] {
        try validate(secretCount: secret.count, shares: shares, threshold: threshold)
        let degree = threshold - 1
        var coefficients = try randomBytes(secret.count * degree)
        defer { SecureMemory.wipe(&coefficients) }
        precondition(coefficients.count == secret.count * degree, "randomBytes returned the wrong count")

        return try (1...shares).map { index in
            let x = UInt8(index)
            var y = [UInt8](repeating: 0, count: secret.count)
            for byteIndex in secret.indices {
                // Horner's rule from the highest coefficient down to the secret byte itself.
                let base = byteIndex * degree
                var value: UInt8 = 0
                for power in stride(from: degree - 1, through: 0, by: -1) {
                    value = GF256.multiply(value, x) ^ coefficients[base + power]
                }
                y[byteIndex] = GF256.multiply(value, x) ^ secret[byteIndex]
            }
            return try UnsealKeyShare(x: x, y: y)
        }
    }

    /// Recombines shares into the secret by Lagrange interpolation at x = 0.
    ///
    /// Order does not matter, and more shares than the threshold are fine. Fewer than the threshold, or shares of
    /// different splits, give a wrong secret without any error: the caller must check the result (for example
    /// against a stored digest, or by opening something sealed with it).
    ///
    /// - Throws: `SealError` with `.badRequest` if `shares` is empty, or `.invalidUnsealKey` if two shares have the
    ///   same x coordinate, their lengths differ, or a share has been wiped.
    public static func combine(_ shares: [UnsealKeyShare]) throws -> [UInt8] {
        guard let length = shares.first?.y.count else {
            throw SealError(.badRequest, "No unseal key shares were given.")
        }
        guard shares.allSatisfy({ $0.y.count == length }) else {
            throw SealError(.invalidUnsealKey, "The unseal key shares are not all the same length.")
        }
        // UnsealKeyShare's initialiser rules out an empty y, but wipe() empties one.
        guard length > 0 else {
            throw SealError(.invalidUnsealKey, "The unseal key shares have been wiped.")
        }
        guard Set(shares.map(\.x)).count == shares.count else {
            throw SealError(.invalidUnsealKey, "Two unseal key shares have the same x coordinate.")
        }

        var secret = [UInt8](repeating: 0, count: length)
        for (index, share) in shares.enumerated() {
            let weight = lagrangeWeightAtZero(of: index, in: shares)
            for byteIndex in 0..<length {
                secret[byteIndex] ^= GF256.multiply(weight, share.y[byteIndex])
            }
        }
        return secret
    }

    /// The Lagrange basis polynomial of share `index`, evaluated at 0: the product over the other shares of
    /// x_j / (x_j - x_i), where subtraction in GF(2^8) is XOR. It depends only on the public x coordinates.
    private static func lagrangeWeightAtZero(of index: Int, in shares: [UnsealKeyShare]) -> UInt8 {
        var numerator: UInt8 = 1
        var denominator: UInt8 = 1
        for (other, share) in shares.enumerated() where other != index {
            numerator = GF256.multiply(numerator, share.x)
            denominator = GF256.multiply(denominator, share.x ^ shares[index].x)
        }
        return GF256.multiply(numerator, GF256.inverse(denominator))
    }

    /// Checks the split parameters; counts are not secret, so the messages give them.
    private static func validate(secretCount: Int, shares: Int, threshold: Int) throws {
        guard secretCount > 0 else {
            throw SealError(.badRequest, "The secret to split is empty.")
        }
        guard threshold >= 1 else {
            throw SealError(.badRequest, "The threshold is \(threshold); it must be at least 1.")
        }
        guard threshold <= shares else {
            throw SealError(.badRequest, "The threshold \(threshold) is more than the \(shares) shares.")
        }
        guard shares <= maximumShares else {
            throw SealError(.badRequest, "\(shares) shares is more than the \(maximumShares) possible.")
        }
    }
}
