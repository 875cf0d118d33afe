internal import CCrypt
internal import COpenSSL

/// One libxcrypt `struct crypt_data`: the 32 KiB work area `crypt_rn` hashes in and writes its result to.
///
/// The area lives on the heap (it is far too large for a stack) and is wiped with `OPENSSL_cleanse` when freed,
/// because its output field holds the derived hash. The pointer never leaves this class. libxcrypt writes into the
/// area on every call, so this class is not `Sendable`: `PasswordHash` makes one per operation and drops it before
/// returning.
final class CryptData {
    private let area: UnsafeMutableRawBufferPointer

    /// Allocates a zeroed work area.
    init() {
        area = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(cscrypt_data_size()), alignment: 16)
        // libxcrypt asks for `initialized` and `reserved` to be zero before the first call with a new area.
        area.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        // OPENSSL_cleanse, unlike a plain loop or memset, is written so the compiler cannot drop it as a dead store.
        OPENSSL_cleanse(area.baseAddress, area.count)
        area.deallocate()
    }

    /// Hashes `password` under `setting` (a `crypt_gensalt_rn` result or a stored hash) and returns the full
    /// crypt string.
    ///
    /// The caller has already checked that `password` holds no NUL byte: a C string would silently end there.
    ///
    /// - Throws: `CryptoError` with `.libxcrypt` if `crypt_rn` fails.
    func hash(_ password: String, setting: String) throws(CryptoError) -> String {
        String(cString: try run(password, setting: setting))
    }

    /// Hashes `password` under the setting in `encoded` and tells whether the result is exactly `encoded`.
    ///
    /// The comparison is `CRYPTO_memcmp` over the whole fixed-size output field against `encoded` padded with NULs
    /// to the same size, so its time depends on neither where the strings first differ nor their lengths.
    func matches(_ password: String, encoded: String) -> Bool {
        let outputSize = Int(CRYPT_OUTPUT_SIZE)
        var expected = Array(encoded.utf8)
        // Lengths are public (a setting fixes its hash's length); a parsed hash is always far shorter than this.
        guard expected.count < outputSize, let output = try? run(password, setting: encoded),
            output == cscrypt_data_output(area.baseAddress)
        else {
            return false
        }
        expected += repeatElement(0, count: outputSize - expected.count)
        // crypt_rn promises a NUL-terminated string, not what follows it: zero the rest of the field so that only the
        // string takes part in the comparison.
        var length = 0
        while length < outputSize && output[length] != 0 {
            length += 1
        }
        (output + length).update(repeating: 0, count: outputSize - length)
        return expected.withUnsafeBytes { expected in
            CRYPTO_memcmp(expected.baseAddress, output, outputSize) == 0
        }
    }

    /// Runs `crypt_rn` into the area and returns its result, a NUL-terminated string inside the area.
    private func run(_ password: String, setting: String) throws(CryptoError) -> UnsafeMutablePointer<CChar> {
        let (result, error) = password.withCString { password in
            setting.withCString { setting in
                let result = crypt_rn(password, setting, area.baseAddress, cscrypt_data_size())
                // Read errno here, before anything the closures' return may run could overwrite it.
                return (result, cscrypt_errno())
            }
        }
        guard let result else {
            // crypt_rn returns NULL on failure (unlike crypt and crypt_r, which return a "*" token): EINVAL for a
            // setting it cannot parse, ERANGE for a passphrase of CRYPT_MAX_PASSPHRASE_SIZE bytes or more.
            throw CryptoError(code: .libxcrypt, operation: "crypt_rn", detail: "errno \(error)")
        }
        // Documented never to happen with crypt_rn, but a "*" string is every crypt call's failure token.
        guard result.pointee != CChar(UInt8(ascii: "*")) else {
            throw CryptoError(code: .libxcrypt, operation: "crypt_rn", detail: "returned a failure token")
        }
        return result
    }
}
