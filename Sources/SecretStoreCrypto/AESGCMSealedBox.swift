/// The output of `AESGCM.seal`: a 12-byte nonce, the ciphertext, and a 16-byte authentication tag.
///
/// The box stores the three parts as one buffer laid out as `combined` (nonce ‖ ciphertext ‖ tag), the form that
/// goes to storage, so sealing, `combined`, `init(combined:)` and opening make no copy of a large ciphertext. The
/// `nonce`, `ciphertext` and `tag` properties copy their part out.
public struct AESGCMSealedBox: Sendable, Hashable {
    /// The size of every nonce, in bytes (96 bits, the size GCM is designed for).
    public static let nonceByteCount = 12

    /// The size of every authentication tag, in bytes (128 bits, the full GCM tag).
    public static let tagByteCount = 16

    /// nonce ‖ ciphertext ‖ tag: the form to store or send.
    public let combined: [UInt8]

    /// Wraps a buffer already laid out as nonce ‖ ciphertext ‖ tag, at least `nonceByteCount + tagByteCount` long;
    /// for `AESGCM.seal`, which builds it so.
    init(uncheckedCombined combined: [UInt8]) {
        self.combined = combined
    }

    /// Reads a box from its `combined` form without copying it.
    ///
    /// - Throws: `CryptoError` with `.invalidInput` if `combined` is shorter than a nonce and a tag (28 bytes).
    public init(combined: [UInt8]) throws {
        let minimum = Self.nonceByteCount + Self.tagByteCount
        guard combined.count >= minimum else {
            throw CryptoError(
                code: .invalidInput,
                operation: "AESGCMSealedBox.init(combined:)",
                detail: "expected at least \(minimum) bytes, got \(combined.count)"
            )
        }
        self.combined = combined
    }

    /// Assembles a box from its three parts.
    ///
    /// - Throws: `CryptoError` with `.invalidNonce` unless `nonce` is 12 bytes, or with `.invalidInput` unless `tag`
    ///   is 16 bytes.
    public init(nonce: [UInt8], ciphertext: [UInt8], tag: [UInt8]) throws {
        guard nonce.count == Self.nonceByteCount else {
            throw CryptoError(
                code: .invalidNonce,
                operation: "AESGCMSealedBox.init(nonce:ciphertext:tag:)",
                detail: "expected a \(Self.nonceByteCount)-byte nonce, got \(nonce.count)"
            )
        }
        guard tag.count == Self.tagByteCount else {
            throw CryptoError(
                code: .invalidInput,
                operation: "AESGCMSealedBox.init(nonce:ciphertext:tag:)",
                detail: "expected a \(Self.tagByteCount)-byte tag, got \(tag.count)"
            )
        }
        var combined: [UInt8] = []
        combined.reserveCapacity(nonce.count + ciphertext.count + tag.count)
        combined += nonce
        combined += ciphertext
        combined += tag
        self.combined = combined
    }

    /// The 12-byte nonce (a copy).
    public var nonce: [UInt8] { Array(combined[nonceRange]) }

    /// The ciphertext, as long as the plaintext (a copy).
    public var ciphertext: [UInt8] { Array(combined[ciphertextRange]) }

    /// The 16-byte authentication tag (a copy).
    public var tag: [UInt8] { Array(combined[tagRange]) }

    /// Where the nonce sits in `combined`.
    var nonceRange: Range<Int> { 0..<Self.nonceByteCount }

    /// Where the ciphertext sits in `combined`.
    var ciphertextRange: Range<Int> { Self.nonceByteCount..<(combined.count - Self.tagByteCount) }

    /// Where the tag sits in `combined`.
    var tagRange: Range<Int> { (combined.count - Self.tagByteCount)..<combined.count }
}
