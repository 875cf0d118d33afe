import CGPGME

extension GPGContext {
    /// Encrypts `plaintext` to the key with this fingerprint (its encryption subkey, if it has
    /// one), trusting the key without a web of trust: the caller chose it.
    ///
    /// - Returns: a binary OpenPGP message, as `gpg --encrypt` writes it.
    /// - Throws: `.notFound` if the home holds no such key, `.unusablePublicKey` if it cannot
    ///   encrypt (revoked, expired, or no encryption capability).
    public func encrypt(_ plaintext: [UInt8], to fingerprint: String) throws(GPGError) -> [UInt8] {
        let operation = "gpgme_op_encrypt"
        let fingerprint = try Self.validated(fingerprint, operation: operation)
        return try withContext(operation) { (context) throws(GPGError) -> [UInt8] in
            let key = try Self.key(fingerprint, in: context)
            defer { gpgme_key_unref(key) }
            // can_encrypt on the key summarises its subkeys: some valid subkey can encrypt.
            guard key.pointee.can_encrypt != 0 else {
                throw GPGError(.unusablePublicKey, operation: operation, message: "the key cannot encrypt")
            }
            let output = try GPGData()
            try GPGData.withReading(plaintext) { (input) throws(GPGError) in
                // The recipient array is NULL-terminated; gpgme takes its own references.
                var recipients: [gpgme_key_t?] = [key, nil]
                // ALWAYS_TRUST: a key we imported ourselves has no trust path in an empty trustdb,
                // and gpg would refuse it as "unusable public key".
                let error = recipients.withUnsafeMutableBufferPointer { list in
                    gpgme_op_encrypt(
                        context, list.baseAddress, GPGME_ENCRYPT_ALWAYS_TRUST, input.pointer, output.pointer)
                }
                try GPGError.check(error, operation)
            }
            return output.takeBytes()
        }
    }

    /// Decrypts an OpenPGP message (binary or ASCII-armoured) with a secret key in the home.
    ///
    /// The result is secret; gpgme's copy of it is zeroed before it is freed.
    ///
    /// - Throws: `.noSecretKey` if the message was encrypted to somebody else's key,
    ///   `.noData` or `.badData` for input that is no encrypted OpenPGP message,
    ///   `.decryptFailed` for a corrupt one.
    public func decrypt(_ message: [UInt8]) throws(GPGError) -> [UInt8] {
        let operation = "gpgme_op_decrypt"
        return try withContext(operation) { (context) throws(GPGError) -> [UInt8] in
            // Sensitive: even after a failed integrity check gpg may have written plaintext here.
            let output = try GPGData(isSensitive: true)
            try GPGData.withReading(message) { (input) throws(GPGError) in
                let error = gpgme_op_decrypt(context, input.pointer, output.pointer)
                guard error != 0 else { return }
                // gpgme 1.18 says GPG_ERR_NO_SECKEY; older versions said GPG_ERR_DECRYPT_FAILED and
                // left NO_SECKEY only in the per-recipient status of the decrypt result.
                if csgpg_err_code(error) == GPG_ERR_NO_SECKEY || Self.lacksSecretKey(context) {
                    throw GPGError(
                        .noSecretKey, operation: operation, message: "no secret key to decrypt this message")
                }
                throw GPGError(gpgme: error, operation: operation)
            }
            return output.takeBytes()
        }
    }

    /// Whether the last decryption failed because no recipient's secret key is in the home: every
    /// recipient in the decrypt result has the status GPG_ERR_NO_SECKEY.
    private static func lacksSecretKey(_ context: OpaquePointer) -> Bool {
        guard let result = gpgme_op_decrypt_result(context) else { return false }
        var recipients = 0
        for recipient in linkedNodes(from: result.pointee.recipients, next: { $0.next }) {
            recipients += 1
            if csgpg_err_code(recipient.pointee.status) != GPG_ERR_NO_SECKEY { return false }
        }
        return recipients > 0
    }

    /// Looks up one public key by fingerprint; the caller owns the returned reference.
    static func key(_ fingerprint: String, in context: OpaquePointer) throws(GPGError) -> gpgme_key_t {
        var key: gpgme_key_t?
        let error = gpgme_get_key(context, fingerprint, &key, 0)
        // gpgme_get_key says "not found" as GPG_ERR_EOF (the listing ended without a match).
        if csgpg_err_code(error) == GPG_ERR_EOF {
            throw GPGError(.notFound, operation: "gpgme_get_key", message: "no key with that fingerprint")
        }
        try GPGError.check(error, "gpgme_get_key")
        guard let key else { throw GPGError(.notFound, operation: "gpgme_get_key") }
        return key
    }
}
