internal import COpenSSL

/// Random bytes from OpenSSL's public DRBG, for nonces, salts, tokens and other values that may be seen.
///
/// For key material use `SymmetricKey.random()`, which draws from OpenSSL's private DRBG.
public enum SecureRandom {
    /// Returns `count` random bytes.
    ///
    /// - Throws: `CryptoError` with `.invalidInput` if `count` is negative or above `Int32.max`, or with
    ///   `.randomFailure` if OpenSSL cannot produce random bytes.
    public static func bytes(count: Int) throws -> [UInt8] {
        guard count >= 0 else {
            throw CryptoError(
                code: .invalidInput, operation: "SecureRandom.bytes(count:)", detail: "count \(count) is negative")
        }
        return try [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            try fill(UnsafeMutableRawBufferPointer(buffer))
            initializedCount = count
        }
    }

    /// Fills `buffer` with random bytes.
    ///
    /// - Throws: `CryptoError` with `.invalidInput` if the buffer is larger than `Int32.max` bytes, or with
    ///   `.randomFailure` if OpenSSL cannot produce random bytes.
    package static func fill(_ buffer: UnsafeMutableRawBufferPointer) throws {
        guard let base = buffer.baseAddress else {
            return
        }
        guard let length = Int32(exactly: buffer.count) else {
            throw CryptoError(
                code: .invalidInput, operation: "RAND_bytes", detail: "\(buffer.count) bytes is more than OpenSSL takes"
            )
        }
        // RAND_bytes returns 1 on success; 0 or -1 (not supported) are both failures.
        guard RAND_bytes(base.assumingMemoryBound(to: UInt8.self), length) == 1 else {
            throw CryptoError.openSSL("RAND_bytes", code: .randomFailure)
        }
    }
}
