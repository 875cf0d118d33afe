import CGPGME

extension GPGContext {
    /// Generates an RSA-4096 keypair in this context's home: no passphrase, no expiry, one
    /// primary key that certifies and encrypts. Takes 0.5–4 s (a random prime search).
    ///
    /// - Returns: the new key's fingerprint (40 uppercase hex digits).
    public func generateKeyPair(userID: String) throws(GPGError) -> String {
        let operation = "gpgme_op_createkey"
        guard !userID.isEmpty, !userID.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else {
            throw GPGError(.invalidValue, operation: operation, message: "a user ID must be one non-empty line")
        }
        // Without ENCR the key cannot encrypt, without NOEXPIRE it expires in two years; CERT is
        // implied for a primary key. FORCE allows a second key with the same user ID: callers
        // tell keys apart by fingerprint.
        let flags = UInt32(GPGME_CREATE_ENCR | GPGME_CREATE_NOEXPIRE | GPGME_CREATE_NOPASSWD | GPGME_CREATE_FORCE)
        return try withContext(operation) { (context) throws(GPGError) -> String in
            // expires = 0 with NOEXPIRE: no expiry; certkey NULL: create a primary key.
            try GPGError.check(gpgme_op_createkey(context, userID, "rsa4096", 0, 0, nil, flags), operation)
            // The result belongs to the context and is valid until its next operation.
            guard let fingerprint = gpgme_op_genkey_result(context)?.pointee.fpr else {
                throw GPGError(.general, operation: "gpgme_op_genkey_result", message: "gpg returned no fingerprint")
            }
            return String(cString: fingerprint)
        }
    }

    /// Exports the public key with this fingerprint: binary OpenPGP packets, or ASCII armour.
    ///
    /// Throws `.notFound` if the home holds no such key.
    public func exportPublicKey(fingerprint: String, armored: Bool) throws(GPGError) -> [UInt8] {
        let operation = "gpgme_op_export"
        let fingerprint = try Self.validated(fingerprint, operation: operation)
        return try withContext(operation) { (context) throws(GPGError) -> [UInt8] in
            let output = try GPGData()
            // Armour is a context setting: switch it on for this call only.
            gpgme_set_armor(context, armored ? 1 : 0)
            defer { gpgme_set_armor(context, 0) }
            try GPGError.check(gpgme_op_export(context, fingerprint, 0, output.pointer), operation)
            let bytes = output.takeBytes()
            // gpg exports nothing, successfully, when no key matches.
            guard !bytes.isEmpty else { throw GPGError(.notFound, operation: operation) }
            return bytes
        }
    }

    /// Exports the secret key with this fingerprint, ASCII-armoured (it has no passphrase).
    ///
    /// The result is secret: never log it. gpgme's copy of it is zeroed before it is freed.
    /// Throws `.notFound` if the home holds no such secret key.
    public func exportSecretKey(fingerprint: String) throws(GPGError) -> String {
        let operation = "gpgme_op_export"
        let fingerprint = try Self.validated(fingerprint, operation: operation)
        return try withContext(operation) { (context) throws(GPGError) -> String in
            let output = try GPGData(isSensitive: true)
            gpgme_set_armor(context, 1)
            defer { gpgme_set_armor(context, 0) }
            // MODE_SECRET makes gpg ask the agent for the key; loopback pinentry and an unprotected
            // key mean nothing prompts.
            let mode = UInt32(GPGME_EXPORT_MODE_SECRET)
            try GPGError.check(gpgme_op_export(context, fingerprint, mode, output.pointer), operation)
            var bytes = output.takeBytes()
            // Our copy is wiped too; the String handed back cannot be.
            defer { bytes.withUnsafeMutableBytes { csgpg_wipe($0.baseAddress, $0.count) } }
            guard !bytes.isEmpty else { throw GPGError(.notFound, operation: operation) }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The fingerprints of the keys in the home: all keys, or those with a secret key.
    public func fingerprints(secret: Bool) throws(GPGError) -> [String] {
        let operation = "gpgme_op_keylist_start"
        return try withContext(operation) { (context) throws(GPGError) -> [String] in
            try GPGError.check(gpgme_op_keylist_start(context, nil, secret ? 1 : 0), operation)
            return try Self.collectKeys(context) { key in key.pointee.fpr.map { String(cString: $0) } }
        }
    }

    /// Drains a started key listing, mapping each key; every key is unreferenced, and the
    /// listing ended, on every path.
    static func collectKeys<Element>(
        _ context: OpaquePointer, _ transform: (gpgme_key_t) -> Element?
    ) throws(GPGError) -> [Element] {
        // keylist_end is harmless after the listing reached EOF, and needed after an error.
        defer { gpgme_op_keylist_end(context) }
        var elements: [Element] = []
        while true {
            var key: gpgme_key_t?
            let error = gpgme_op_keylist_next(context, &key)
            // The listing ends with GPG_ERR_EOF, not with success and a NULL key.
            if csgpg_err_code(error) == GPG_ERR_EOF { return elements }
            try GPGError.check(error, "gpgme_op_keylist_next")
            guard let key else { return elements }
            // Each key comes with one reference that we own.
            defer { gpgme_key_unref(key) }
            if let element = transform(key) { elements.append(element) }
        }
    }

    /// Checks that `fingerprint` is a full v4 (40) or v5 (64) hex fingerprint: gpg treats any
    /// other string as a search pattern, and an empty one matches every key.
    static func validated(_ fingerprint: String, operation: String) throws(GPGError) -> String {
        let utf8 = fingerprint.utf8
        guard utf8.count == 40 || utf8.count == 64, utf8.allSatisfy({ $0.isASCIIHexDigit }) else {
            throw GPGError(.invalidValue, operation: operation, message: "not an OpenPGP fingerprint")
        }
        return fingerprint
    }
}

extension UInt8 {
    fileprivate var isASCIIHexDigit: Bool {
        (0x30...0x39).contains(self) || (0x41...0x46).contains(self) || (0x61...0x66).contains(self)
    }
}
