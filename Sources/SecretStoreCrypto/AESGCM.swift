/// AES-256-GCM authenticated encryption over OpenSSL EVP.
///
/// Each `seal` draws a fresh 96-bit nonce from OpenSSL's DRBG. Random nonces stay safe for about 2^32 seals under
/// one key (NIST SP 800-38D, section 8.3); rotate keys well before that.
///
/// Associated data is authenticated but not encrypted: bind a ciphertext to its context (such as its storage path)
/// by passing that context here on both seal and open.
public enum AESGCM {
    /// Encrypts and authenticates `plaintext`, authenticating `associatedData` with it.
    ///
    /// - Returns: A box whose `combined` form is the only allocation the call makes for its output.
    /// - Throws: `CryptoError` with `.randomFailure` if no nonce can be drawn, or `.openSSL` if the cipher fails.
    public static func seal(
        _ plaintext: [UInt8],
        using key: SymmetricKey,
        authenticating associatedData: [UInt8] = []
    ) throws -> AESGCMSealedBox {
        try plaintext.withUnsafeBytes { plaintext in
            try associatedData.withUnsafeBytes { associatedData in
                try seal(plaintext, using: key, authenticating: associatedData)
            }
        }
    }

    /// Encrypts and authenticates bytes in caller-owned memory, such as a `Data`, a `ByteBuffer` or a slice, with no
    /// intermediate copy.
    ///
    /// - Throws: `CryptoError` with `.randomFailure` if no nonce can be drawn, `.invalidInput` if a buffer is larger
    ///   than OpenSSL takes (`Int32.max` bytes), or `.openSSL` if the cipher fails.
    public static func seal(
        _ plaintext: UnsafeRawBufferPointer,
        using key: SymmetricKey,
        authenticating associatedData: UnsafeRawBufferPointer
    ) throws -> AESGCMSealedBox {
        try seal(plaintext, using: key, authenticating: associatedData) { nonce in
            try SecureRandom.fill(nonce)
        }
    }

    /// Seals with a nonce the caller chooses. For known-answer tests only.
    ///
    /// Never use it for real data: sealing two messages under one key with the same nonce reveals the XOR of their
    /// plaintexts and lets an attacker forge tags.
    ///
    /// - Throws: `CryptoError` with `.invalidNonce` unless `nonce` is 12 bytes; otherwise as
    ///   `seal(_:using:authenticating:)`.
    package static func seal(
        _ plaintext: [UInt8],
        using key: SymmetricKey,
        nonce: [UInt8],
        authenticating associatedData: [UInt8] = []
    ) throws -> AESGCMSealedBox {
        guard nonce.count == AESGCMSealedBox.nonceByteCount else {
            throw CryptoError(
                code: .invalidNonce,
                operation: "AESGCM.seal(_:using:nonce:authenticating:)",
                detail: "expected a \(AESGCMSealedBox.nonceByteCount)-byte nonce, got \(nonce.count)"
            )
        }
        return try plaintext.withUnsafeBytes { plaintext in
            try associatedData.withUnsafeBytes { associatedData in
                try seal(plaintext, using: key, authenticating: associatedData) { destination in
                    destination.copyBytes(from: nonce)
                }
            }
        }
    }

    /// Checks and decrypts `box`, which must have been sealed under `key` with the same `associatedData`.
    ///
    /// - Returns: The plaintext, in the one allocation the call makes for its output.
    /// - Throws: `CryptoError` with `.authenticationFailed` if the key, associated data, nonce, ciphertext or tag do
    ///   not match; `.openSSL` if the cipher fails otherwise.
    public static func open(
        _ box: AESGCMSealedBox,
        using key: SymmetricKey,
        authenticating associatedData: [UInt8] = []
    ) throws -> [UInt8] {
        try associatedData.withUnsafeBytes { associatedData in
            try open(box, using: key, authenticating: associatedData)
        }
    }

    /// Checks and decrypts `box`, reading the associated data from caller-owned memory.
    ///
    /// - Throws: As `open(_:using:authenticating:)`.
    public static func open(
        _ box: AESGCMSealedBox,
        using key: SymmetricKey,
        authenticating associatedData: UnsafeRawBufferPointer
    ) throws -> [UInt8] {
        let context = try AESGCMContext()
        return try box.combined.withUnsafeBytes { combined in
            let ciphertext = UnsafeRawBufferPointer(rebasing: combined[box.ciphertextRange])
            return try [UInt8](unsafeUninitializedCapacity: ciphertext.count) { plaintext, initializedCount in
                try key.withUnsafeBytes { key in
                    try context.open(
                        key: key,
                        nonce: UnsafeRawBufferPointer(rebasing: combined[box.nonceRange]),
                        associatedData: associatedData,
                        ciphertext: ciphertext,
                        tag: UnsafeRawBufferPointer(rebasing: combined[box.tagRange]),
                        plaintext: UnsafeMutableRawBufferPointer(plaintext)
                    )
                }
                initializedCount = ciphertext.count
            }
        }
    }

    /// Lays out nonce ‖ ciphertext ‖ tag in one new array: `writeNonce` fills the first 12 bytes, then the cipher
    /// writes straight into the rest.
    private static func seal(
        _ plaintext: UnsafeRawBufferPointer,
        using key: SymmetricKey,
        authenticating associatedData: UnsafeRawBufferPointer,
        writeNonce: (UnsafeMutableRawBufferPointer) throws -> Void
    ) throws -> AESGCMSealedBox {
        let nonceCount = AESGCMSealedBox.nonceByteCount
        let tagCount = AESGCMSealedBox.tagByteCount
        let total = nonceCount + plaintext.count + tagCount
        let context = try AESGCMContext()
        let combined = try [UInt8](unsafeUninitializedCapacity: total) { buffer, initializedCount in
            let output = UnsafeMutableRawBufferPointer(buffer)
            let nonce = UnsafeMutableRawBufferPointer(rebasing: output[0..<nonceCount])
            try writeNonce(nonce)
            try key.withUnsafeBytes { key in
                try context.seal(
                    key: key,
                    nonce: UnsafeRawBufferPointer(nonce),
                    associatedData: associatedData,
                    plaintext: plaintext,
                    ciphertext: UnsafeMutableRawBufferPointer(rebasing: output[nonceCount..<(total - tagCount)]),
                    tag: UnsafeMutableRawBufferPointer(rebasing: output[(total - tagCount)..<total])
                )
            }
            initializedCount = total
        }
        return AESGCMSealedBox(uncheckedCombined: combined)
    }
}
