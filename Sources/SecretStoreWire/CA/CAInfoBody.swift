/// `POST /ca/api/v2/info` (contract §8): `{"label"?, "profile"?}`.
public struct CAInfoBody: Codable, Sendable, Equatable {
    /// cfssl's signer label; one signer here, so ignored.
    public var label: String?
    /// cfssl's signing profile; one profile here, so ignored.
    public var profile: String?

    /// A body with these fields.
    public init(label: String? = nil, profile: String? = nil) {
        self.label = label
        self.profile = profile
    }
}
