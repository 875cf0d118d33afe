/// Where the store keeps its records in storage (see docs/zookeeper-layout.md).
enum StoreLayout {
    /// The keyring, sealed under the unseal key.
    static let keyring = StorageKey(validated: ["keys", "keyring"])
    /// How the store was initialised: mode, shares, threshold, the encrypted shares (plaintext JSON).
    static let sealConfiguration = StorageKey(validated: ["keys", "seal-configuration"])
    /// Bootstrap mode's OpenPGP key pair: base64 of the ASCII-armoured secret key (contract §3).
    static let bootstrapKey = StorageKey(validated: ["keys", "bootstrap_user.key"])
    /// The operator's intended seal state: present (holding `sealed`) after `PUT /seal`.
    static let intendedSeal = StorageKey(validated: ["keys", "intended-seal"])
    /// Made by whichever starts first on a root, in the same atomic write that starts it: an
    /// initialisation (with the seal configuration) or a restore (with its `restore/pending`
    /// marker). The other then fails, so a `PUT /init` and a restore never mix their records.
    static let rootClaim = StorageKey(validated: ["keys", "root-claim"])
    /// The record at `rootClaim`: who claimed the root (`initialization` or `restore`).
    static func rootClaimRecord(by claimant: String) -> [UInt8] {
        Array(#"{"by":"\#(claimant)"}"#.utf8)
    }
    /// The installation's cluster id: a lowercase UUID4, in clear (contract §7, `GET /metadata`).
    static let clusterID = StorageKey(validated: ["cluster-id"])

    /// The folder holding the secrets of a store.
    static func secrets(of storeID: String) -> StorageKey {
        StorageKey(validated: ["secrets", storeID])
    }

    /// The path under which the keyring envelope is bound (never a secret path: those have no `@`),
    /// with an empty store id: one keyring serves the whole root.
    static let keyringBinding = "@keyring"
}
