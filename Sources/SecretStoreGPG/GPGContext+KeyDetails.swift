import CGPGME

extension GPGContext {
    /// Describes the public key with this fingerprint; throws `.notFound` if the home has none.
    package func keyDetails(fingerprint: String) throws(GPGError) -> GPGKeyDetails {
        let operation = "gpgme_get_key"
        let fingerprint = try Self.validated(fingerprint, operation: operation)
        return try withContext(operation) { (context) throws(GPGError) -> GPGKeyDetails in
            let key = try Self.key(fingerprint, in: context)
            defer { gpgme_key_unref(key) }
            return Self.details(of: key.pointee)
        }
    }

    private static func details(of key: _gpgme_key) -> GPGKeyDetails {
        let subkeys = linkedNodes(from: key.subkeys, next: { $0.next }).map { node -> GPGKeyDetails.Subkey in
            let subkey = node.pointee
            // gpgme_pubkey_algo_name returns a static string, or NULL for an unknown algorithm.
            let algorithm = gpgme_pubkey_algo_name(subkey.pubkey_algo).map { String(cString: $0) } ?? "unknown"
            return GPGKeyDetails.Subkey(
                fingerprint: subkey.fpr.map { String(cString: $0) } ?? "",
                algorithm: algorithm,
                length: Int(subkey.length),
                canEncrypt: subkey.can_encrypt != 0,
                canSign: subkey.can_sign != 0,
                canCertify: subkey.can_certify != 0,
                // expires is 0 for a key that never expires.
                expires: subkey.expires == 0 ? nil : Int(subkey.expires),
                isUnusable: subkey.revoked != 0 || subkey.expired != 0 || subkey.disabled != 0
                    || subkey.invalid != 0)
        }
        let userIDs = linkedNodes(from: key.uids, next: { $0.next }).compactMap { node in
            node.pointee.uid.map { String(cString: $0) }
        }
        return GPGKeyDetails(
            fingerprint: key.fpr.map { String(cString: $0) } ?? subkeys.first?.fingerprint ?? "",
            userIDs: userIDs, canEncrypt: key.can_encrypt != 0, subkeys: subkeys)
    }
}
