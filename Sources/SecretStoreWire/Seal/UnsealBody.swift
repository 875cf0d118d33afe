/// `PUT /secrets/v1/unseal/{store}` (contract §3): one key share in hex, and whether to discard
/// the shares entered so far.
public struct UnsealBody: Codable, Sendable, Equatable {
    /// One key share, lowercase hex.
    public var key: String?
    /// Whether to start over; absent is `false`.
    public var reset: Bool?

    /// A body entering `key`.
    public init(key: String?, reset: Bool?) {
        self.key = key
        self.reset = reset
    }
}
