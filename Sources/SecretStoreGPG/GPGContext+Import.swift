import CGPGME

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension GPGContext {
    /// Imports every key in `data` (ASCII-armoured or binary, public or secret) into the home.
    ///
    /// - Returns: the fingerprints of the keys imported or already present, in order, each once.
    /// - Throws: `.noKeyImported` if gpg imported none.
    public func importKey(_ data: [UInt8]) throws(GPGError) -> [String] {
        let operation = "gpgme_op_import"
        return try withContext(operation) { (context) throws(GPGError) -> [String] in
            try GPGData.withReading(data) { (input) throws(GPGError) in
                try GPGError.check(gpgme_op_import(context, input.pointer), operation)
            }
            return try Self.importedFingerprints(context, operation: operation)
        }
    }

    /// Reads the last import's result: one entry per key gpg looked at (a secret key gives two).
    private static func importedFingerprints(_ context: OpaquePointer, operation: String) throws(GPGError) -> [String] {
        guard let result = gpgme_op_import_result(context) else {
            throw GPGError(.noKeyImported, operation: operation)
        }
        var fingerprints: [String] = []
        var firstProblem: gpgme_error_t = 0
        for node in linkedNodes(from: result.pointee.imports, next: { $0.next }) {
            let status = node.pointee
            // result is the per-key error; status 0 with no error means "already known".
            guard status.result == 0, let fpr = status.fpr else {
                if firstProblem == 0 { firstProblem = status.result }
                continue
            }
            let fingerprint = String(cString: fpr)
            if !fingerprints.contains(fingerprint) { fingerprints.append(fingerprint) }
        }
        guard !fingerprints.isEmpty else {
            // gpg reports unusable input as success with nothing imported, not as an error.
            let hint = firstProblem == 0 ? "no OpenPGP key in the data" : String(cString: gpgme_strerror(firstProblem))
            throw GPGError(.noKeyImported, operation: operation, message: "no OpenPGP key was imported (\(hint))")
        }
        return fingerprints
    }

    /// Imports one public key in the form of the wire contract's `pgp_keys` entries: base64 of
    /// a binary OpenPGP key (`gpg --export KEYID | base64 -w 0`), or an ASCII-armoured key.
    ///
    /// The data is inspected before anything is imported: it must hold exactly one key that can
    /// encrypt, and no secret key (which would hand the server a share's decryption key).
    ///
    /// - Returns: the key's fingerprint.
    /// - Throws: `.invalidValue` for text that is neither form or for a secret key,
    ///   `.noKeyImported` if it holds no key, `.ambiguousKey` if it holds several,
    ///   `.unusablePublicKey` if the key cannot encrypt (e.g. signing only, expired or revoked).
    public func importPublicKey(encoded: String) throws(GPGError) -> String {
        let operation = "gpgme_op_import"
        let bytes = try Self.decodePublicKey(encoded, operation: operation)
        return try withContext(operation) { (context) throws(GPGError) -> String in
            let listed = try Self.listKeys(in: bytes, context: context)
            guard let key = listed.first else {
                throw GPGError(.noKeyImported, operation: operation, message: "no OpenPGP key in the data")
            }
            guard listed.count == 1 else { throw GPGError(.ambiguousKey, operation: operation) }
            guard !key.isSecret else {
                throw GPGError(
                    .invalidValue, operation: operation, message: "a secret key was given where a public key belongs")
            }
            guard key.canEncrypt else {
                throw GPGError(.unusablePublicKey, operation: operation, message: "the key cannot encrypt")
            }
            try GPGData.withReading(bytes) { (input) throws(GPGError) in
                try GPGError.check(gpgme_op_import(context, input.pointer), operation)
            }
            let imported = try Self.importedFingerprints(context, operation: operation)
            guard imported.contains(key.fingerprint) else { throw GPGError(.noKeyImported, operation: operation) }
            return key.fingerprint
        }
    }

    /// Armoured text as its bytes, anything else as base64 (whitespace and line breaks allowed).
    private static func decodePublicKey(_ encoded: String, operation: String) throws(GPGError) -> [UInt8] {
        if encoded.contains("-----BEGIN PGP") { return Array(encoded.utf8) }
        let compact = encoded.filter { !$0.isWhitespace }
        guard !compact.isEmpty, let decoded = Data(base64Encoded: compact) else {
            throw GPGError(
                .invalidValue, operation: operation,
                message: "a key must be base64 of a binary OpenPGP key or an ASCII-armoured key")
        }
        return Array(decoded)
    }

    /// What `gpg --show-keys` sees in `bytes`, without importing anything.
    private static func listKeys(
        in bytes: [UInt8], context: OpaquePointer
    ) throws(GPGError) -> [(fingerprint: String, isSecret: Bool, canEncrypt: Bool)] {
        try GPGData.withReading(bytes) { (input) throws(GPGError) in
            // Runs `gpg --import --import-options show-only`: lists the keys in the data and
            // leaves the keyring alone. A secret key block lists as a key with `secret` set;
            // can_encrypt is the key's overall capability (some valid subkey can encrypt).
            try GPGError.check(
                gpgme_op_keylist_from_data_start(context, input.pointer, 0), "gpgme_op_keylist_from_data_start")
            return try collectKeys(context) { key in
                key.pointee.fpr.map {
                    (String(cString: $0), isSecret: key.pointee.secret != 0, canEncrypt: key.pointee.can_encrypt != 0)
                }
            }
        }
    }
}
