/// Request and response bodies of the store API (`/secrets/v1/seal-status`, `/unseal`, `/init`,
/// ...), as the wire contract (section 3) defines them; only the fields the CLI sends or reads.
/// Everything else is shown as the server sent it.
enum StorePayloads {
    /// `GET /seal-status/{store}`, and the answer of `PUT /unseal` and `PUT /auto-unseal`.
    struct SealStatus: Decodable {
        var sealed: Bool
    }

    /// `PUT /unseal/{store}`: one key share, in hex.
    struct UnsealBody: Encodable {
        var key: String
        var reset = false
    }

    /// `PUT /init/{store}`: how many shares to split the master key into, how many unseal it, and
    /// one public key per share (base64 of a binary OpenPGP key, or an armoured key).
    struct InitBody: Encodable {
        var shares: Int
        var threshold: Int
        var pgpKeys: [String]

        enum CodingKeys: String, CodingKey {
            case shares, threshold
            case pgpKeys = "pgp_keys"
        }
    }

    /// `GET` and `PUT /init/{store}`: the key shares, each encrypted to one OpenPGP key.
    struct InitAnswer: Decodable {
        var initialized: Bool
        /// Share i: lowercase hex of a binary OpenPGP message whose plaintext is the share in hex.
        var keys: [String]?
        /// The same messages in base64.
        var keysBase64: [String]?
        /// Share i is encrypted to the primary key with this fingerprint (40 uppercase hex digits).
        var pgpFingerprints: [String]?
        var shares: Int?
        var threshold: Int?

        enum CodingKeys: String, CodingKey {
            case initialized, keys, shares, threshold
            case keysBase64 = "keys_base64"
            case pgpFingerprints = "pgp_fingerprints"
        }

        /// The shares for people: how many unseal the store, then each share's key and message.
        var described: String {
            guard initialized else { return "The store is not initialized" }
            let keys = self.keys ?? []
            let fingerprints = pgpFingerprints ?? []
            var lines = ["shares: \(shares ?? keys.count)", "threshold: \(threshold.map(String.init) ?? "?")"]
            for (index, key) in keys.enumerated() {
                let fingerprint = index < fingerprints.count ? fingerprints[index] : "?"
                lines.append("share \(index + 1), encrypted to \(fingerprint):")
                lines.append(key)
            }
            return lines.joined(separator: "\n")
        }
    }
}
