internal import COpenSSL

/// A 256-bit AES key, held in memory this class allocates itself and wipes with `OPENSSL_cleanse` when freed.
///
/// `@unchecked Sendable` is safe because the key bytes are written once, inside the initialiser, before the instance
/// is visible to anyone, and never changed afterwards; the buffer is released only in `deinit`, when no other
/// reference can exist. Readers therefore only ever share immutable memory.
///
/// The key never appears in `description`, `debugDescription` or a mirror.
public final class SymmetricKey: @unchecked Sendable {
    /// The size of every key, in bytes.
    static let size = 32

    private let storage: UnsafeMutableRawBufferPointer

    /// The key's length in bytes: always 32.
    public var byteCount: Int { storage.count }

    /// Takes ownership of a buffer of exactly `SymmetricKey.size` initialised bytes.
    private init(takingOwnershipOf storage: UnsafeMutableRawBufferPointer) {
        self.storage = storage
    }

    /// Copies 32 bytes of key material into memory this key owns.
    ///
    /// The caller's own copy is not touched: wipe it yourself if it is secret.
    ///
    /// - Throws: `CryptoError` with `.invalidKeySize` unless `bytes` yields exactly 32 bytes.
    public convenience init(bytes: some Sequence<UInt8>) throws {
        let storage = Self.allocateStorage()
        var count = 0
        // Stop one past the limit rather than draining the sequence: it may be long or endless.
        for byte in bytes {
            guard count < Self.size else {
                count += 1
                break
            }
            storage[count] = byte
            count += 1
        }
        guard count == Self.size else {
            Self.release(storage)
            let got = count > Self.size ? "more than \(Self.size)" : "\(count)"
            throw CryptoError(
                code: .invalidKeySize,
                operation: "SymmetricKey.init(bytes:)",
                detail: "expected \(Self.size) bytes, got \(got)"
            )
        }
        self.init(takingOwnershipOf: storage)
    }

    /// A new key from OpenSSL's private DRBG.
    ///
    /// - Throws: `CryptoError` with `.randomFailure` if OpenSSL cannot produce random bytes.
    public static func random() throws -> SymmetricKey {
        let storage = allocateStorage()
        // RAND_priv_bytes draws from a DRBG kept apart from the one that makes public values such as nonces, so
        // nothing ever published shares generator state with key material.
        guard RAND_priv_bytes(storage.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(size)) == 1 else {
            let error = CryptoError.openSSL("RAND_priv_bytes", code: .randomFailure)
            release(storage)
            throw error
        }
        return SymmetricKey(takingOwnershipOf: storage)
    }

    /// Calls `body` with the key bytes.
    ///
    /// The buffer is valid only during `body`; do not let it escape, and wipe any copy you make.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(storage))
    }

    deinit {
        Self.release(storage)
    }

    private static func allocateStorage() -> UnsafeMutableRawBufferPointer {
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        return storage
    }

    private static func release(_ storage: UnsafeMutableRawBufferPointer) {
        // OPENSSL_cleanse, unlike a plain loop or memset, is written so the compiler cannot drop it as a dead store.
        OPENSSL_cleanse(storage.baseAddress, storage.count)
        storage.deallocate()
    }
}
