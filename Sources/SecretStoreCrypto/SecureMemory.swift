internal import COpenSSL

/// Wiping of key material held in ordinary Swift arrays.
public enum SecureMemory {
    /// Overwrites every byte of `bytes` with zero, in a way the compiler cannot drop as a dead store.
    ///
    /// Only this buffer is wiped: copies the array made earlier (copy-on-write) are not reached.
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { buffer in
            // OPENSSL_cleanse accepts a NULL pointer with a zero length, which an empty array gives.
            OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        }
    }
}
