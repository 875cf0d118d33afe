internal import COpenSSL

/// SHA-256 (FIPS 180-4) over OpenSSL's EVP digest interface.
public enum SHA256 {
    /// The size of every digest, in bytes.
    public static let byteCount = 32

    /// Returns the 32-byte SHA-256 digest of `bytes`.
    ///
    /// - Throws: `CryptoError` with `.openSSL`, carrying OpenSSL's drained error queue, if OpenSSL cannot compute the
    ///   digest (for example, when a FIPS configuration has no provider that offers SHA-256).
    public static func hash(_ bytes: [UInt8]) throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var written: UInt32 = 0
        let result = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { output in
                // An empty array may hand over a null base address; EVP_DigestUpdate returns early for a zero count,
                // so OpenSSL never reads through it. The digest buffer is exactly EVP_MD_get_size(EVP_sha256()).
                EVP_Digest(input.baseAddress, input.count, output.baseAddress, &written, EVP_sha256(), nil)
            }
        }
        guard result == 1 else {
            throw CryptoError.openSSL("EVP_Digest")
        }
        guard Int(written) == byteCount else {
            throw CryptoError(
                code: .openSSL, operation: "EVP_Digest", detail: "wrote \(written) bytes, expected \(byteCount)")
        }
        return digest
    }
}
