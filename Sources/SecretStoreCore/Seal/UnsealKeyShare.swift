import SecretStoreCrypto

/// One share of a split unseal key: the point (`x`, `y`) on each byte's secret polynomial.
///
/// `x` is public (it says which share this is, 1…n); `y` is key material. A share is a value type, so copies of `y`
/// cannot be tracked: `wipe()` zeroes this value's bytes and empties it, and callers wipe each copy they keep.
/// `description`, `debugDescription` and the mirror never show `y`.
public struct UnsealKeyShare: Sendable {
    /// The x coordinate shared by every byte of this share; never 0, since f(0) is the secret itself.
    public let x: UInt8

    /// f(x) for each byte of the secret, in order; empty only after `wipe()`.
    public private(set) var y: [UInt8]

    /// Creates a share from its coordinates.
    ///
    /// - Throws: `SealError` with `.invalidUnsealKey` if `x` is 0 or `y` is empty.
    public init(x: UInt8, y: [UInt8]) throws {
        guard x != 0 else {
            throw SealError(.invalidUnsealKey, "The unseal key share has x coordinate 0.")
        }
        guard !y.isEmpty else {
            throw SealError(.invalidUnsealKey, "The unseal key share has no key bytes.")
        }
        self.x = x
        self.y = y
    }

    /// Decodes a share from its encoded form: the byte `x` followed by the bytes of `y`.
    ///
    /// - Throws: `SealError` with `.invalidUnsealKey` if there are fewer than two bytes or the first is 0.
    public init(encoded: [UInt8]) throws {
        guard let x = encoded.first else {
            throw SealError(.invalidUnsealKey, "The unseal key share is empty.")
        }
        try self.init(x: x, y: Array(encoded.dropFirst()))
    }

    /// The encoded form: the byte `x` followed by the bytes of `y`.
    ///
    /// The returned array is a copy of key material; wipe it when done.
    public var encoded: [UInt8] { [x] + y }

    /// Zeroes the bytes of `y` and leaves it empty.
    ///
    /// Only this value's buffer is zeroed, and only if no copy of the share or of `y` still shares it: Swift arrays
    /// are copy-on-write, so a copy keeps its own reference and is wiped by whoever holds it. A wiped share is
    /// rejected by `ShamirSecretSharing.combine(_:)`.
    public mutating func wipe() {
        SecureMemory.wipe(&y)
        y = []
    }
}
