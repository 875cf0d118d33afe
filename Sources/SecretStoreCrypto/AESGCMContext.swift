internal import COpenSSL

/// One OpenSSL `EVP_CIPHER_CTX` used for a single AES-256-GCM seal or open.
///
/// The context pointer never leaves this class. An `EVP_CIPHER_CTX` must not be used from two threads at once, so
/// this class is not `Sendable`: `AESGCM` makes one per operation and drops it before returning.
///
/// Callers pass buffers whose sizes they have already checked (32-byte key, 12-byte nonce, 16-byte tag, output as
/// long as input); the preconditions below guard those invariants, not user input.
final class AESGCMContext {
    private let context: OpaquePointer

    /// Allocates an empty cipher context.
    ///
    /// - Throws: `CryptoError` with `.openSSL` if OpenSSL cannot allocate one.
    init() throws {
        guard let context = EVP_CIPHER_CTX_new() else {
            throw CryptoError.openSSL("EVP_CIPHER_CTX_new")
        }
        self.context = context
    }

    deinit {
        // The GCM provider frees its state with OPENSSL_clear_free, so this also wipes the expanded key schedule.
        EVP_CIPHER_CTX_free(context)
    }

    /// Encrypts `plaintext` into `ciphertext` and writes the authentication tag into `tag`.
    func seal(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        plaintext: UnsafeRawBufferPointer,
        ciphertext: UnsafeMutableRawBufferPointer,
        tag: UnsafeMutableRawBufferPointer
    ) throws {
        precondition(ciphertext.count == plaintext.count && tag.count == AESGCMSealedBox.tagByteCount)
        try start(encrypting: true, key: key, nonce: nonce)
        try authenticate(associatedData, update: EVP_EncryptUpdate, operation: "EVP_EncryptUpdate")
        try transform(plaintext, into: ciphertext, update: EVP_EncryptUpdate, operation: "EVP_EncryptUpdate")
        try withScratchBlock { scratch in
            var written: Int32 = 0
            try check(EVP_EncryptFinal_ex(context, scratch, &written), "EVP_EncryptFinal_ex")
        }
        // The tag exists only once Final has run.
        try check(
            csssl_gcm_get_tag(context, Int32(tag.count), tag.baseAddress), "EVP_CIPHER_CTX_ctrl(EVP_CTRL_GCM_GET_TAG)")
    }

    /// Decrypts `ciphertext` into `plaintext` and checks `tag`.
    ///
    /// On any failure `plaintext` is wiped before the error is thrown, so unauthenticated plaintext never outlives
    /// the call.
    ///
    /// - Throws: `CryptoError` with `.authenticationFailed` on a tag mismatch, `.openSSL` on any other failure.
    func open(
        key: UnsafeRawBufferPointer,
        nonce: UnsafeRawBufferPointer,
        associatedData: UnsafeRawBufferPointer,
        ciphertext: UnsafeRawBufferPointer,
        tag: UnsafeRawBufferPointer,
        plaintext: UnsafeMutableRawBufferPointer
    ) throws {
        precondition(plaintext.count == ciphertext.count && tag.count == AESGCMSealedBox.tagByteCount)
        do {
            try start(encrypting: false, key: key, nonce: nonce)
            try authenticate(associatedData, update: EVP_DecryptUpdate, operation: "EVP_DecryptUpdate")
            try transform(ciphertext, into: plaintext, update: EVP_DecryptUpdate, operation: "EVP_DecryptUpdate")
            // The ctrl takes a non-const pointer but only copies the expected tag in; it must be set before Final.
            try check(
                csssl_gcm_set_tag(context, Int32(tag.count), UnsafeMutableRawPointer(mutating: tag.baseAddress)),
                "EVP_CIPHER_CTX_ctrl(EVP_CTRL_GCM_SET_TAG)"
            )
            try withScratchBlock { scratch in
                var written: Int32 = 0
                // For GCM, EVP_DecryptFinal_ex's return value is the tag check: 0 means the tag did not match (it
                // usually queues no error then). Until it returns 1 the plaintext is unauthenticated.
                guard EVP_DecryptFinal_ex(context, scratch, &written) == 1 else {
                    throw CryptoError.openSSL("EVP_DecryptFinal_ex", code: .authenticationFailed)
                }
            }
        } catch {
            if let base = plaintext.baseAddress {
                OPENSSL_cleanse(base, plaintext.count)
            }
            throw error
        }
    }

    /// Selects AES-256-GCM, sets a 12-byte IV length, then loads key and nonce.
    private func start(encrypting: Bool, key: UnsafeRawBufferPointer, nonce: UnsafeRawBufferPointer) throws {
        precondition(key.count == SymmetricKey.size && nonce.count == AESGCMSealedBox.nonceByteCount)
        let initialise = encrypting ? EVP_EncryptInit_ex : EVP_DecryptInit_ex
        let name = encrypting ? "EVP_EncryptInit_ex" : "EVP_DecryptInit_ex"
        // OpenSSL processes the IV as soon as it is given, at the IV length in force then: so choose the cipher
        // with no key or IV, set the length, and only then load key and IV. 12 is GCM's default length, but
        // relying on a default here would tie correctness to it silently.
        try check(initialise(context, EVP_aes_256_gcm(), nil, nil, nil), name)
        try check(
            csssl_gcm_set_ivlen(context, Int32(nonce.count)), "EVP_CIPHER_CTX_ctrl(EVP_CTRL_GCM_SET_IVLEN)")
        try check(initialise(context, nil, nil, bytes(key), bytes(nonce)), name)
    }

    /// Feeds associated data: an update with a null output buffer authenticates without producing output.
    private func authenticate(
        _ associatedData: UnsafeRawBufferPointer,
        update: Update,
        operation: String
    ) throws {
        // A zero-length update is skipped: an empty buffer may have no base address to pass.
        guard !associatedData.isEmpty else {
            return
        }
        var written: Int32 = 0
        try check(update(context, nil, &written, bytes(associatedData), try length(associatedData)), operation)
    }

    /// Encrypts or decrypts `input` into `output` in one update; GCM is a stream mode, so output length equals input.
    private func transform(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer,
        update: Update,
        operation: String
    ) throws {
        guard !input.isEmpty else {
            return
        }
        var written: Int32 = 0
        let outputBytes = output.baseAddress!.assumingMemoryBound(to: UInt8.self)
        try check(update(context, outputBytes, &written, bytes(input), try length(input)), operation)
        guard Int(written) == input.count else {
            throw CryptoError(
                code: .openSSL, operation: operation, detail: "wrote \(written) bytes for \(input.count) in")
        }
    }

    /// Runs `body` with a block-sized buffer for Final to write into.
    ///
    /// GCM's Final writes nothing, but the API asks for room for one block; a scratch buffer keeps that promise
    /// even when the real output buffer is empty and has no address.
    private func withScratchBlock(_ body: (UnsafeMutablePointer<UInt8>) throws -> Void) throws {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { scratch in
            try body(scratch.baseAddress!)
        }
    }

    /// Throws the drained OpenSSL error queue unless `result` reports success (EVP calls return 1, ctrls > 0).
    private func check(_ result: Int32, _ operation: String) throws {
        guard result > 0 else {
            throw CryptoError.openSSL(operation)
        }
    }

    /// The signature shared by `EVP_EncryptUpdate` and `EVP_DecryptUpdate`.
    private typealias Update = (
        OpaquePointer?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<Int32>?, UnsafePointer<UInt8>?, Int32
    ) -> Int32
}

/// The bytes of `buffer` as OpenSSL's `const unsigned char *`.
private func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
    buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
}

/// The length of `buffer` as OpenSSL's `int`.
///
/// - Throws: `CryptoError` with `.invalidInput` if it does not fit.
private func length(_ buffer: UnsafeRawBufferPointer) throws -> Int32 {
    guard let length = Int32(exactly: buffer.count) else {
        throw CryptoError(
            code: .invalidInput, operation: "AESGCM", detail: "\(buffer.count) bytes is more than OpenSSL takes")
    }
    return length
}
