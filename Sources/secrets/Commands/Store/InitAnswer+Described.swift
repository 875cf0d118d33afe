import SecretStoreWire

extension InitAnswer {
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
