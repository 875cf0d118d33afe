/// `PUT /secrets/v1/rekey/{store}/update` (contract §9): the nonce of the rekey in progress and one
/// share of the current unseal key, in hex. A bootstrap-mode store takes no `key`: the server
/// decrypts its own share.
public struct RekeyUpdateBody: Codable, Sendable, Equatable {
    /// The nonce `PUT /rekey` answered.
    public var nonce: String
    /// One share of the current unseal key, hex; absent to use a bootstrap store's own share.
    public var key: String?

    /// A body entering `key` towards the rekey `nonce`.
    public init(nonce: String, key: String?) {
        self.nonce = nonce
        self.key = key
    }
}
