/// `POST /ca/api/v2/newcert`: `{"request": <newkey body>, "profile"?, "label"?}`.
public struct CANewCertBody: Codable, Sendable, Equatable {
    /// The key and names to issue for.
    public var request: CertificateNameRequest
    /// cfssl's signing profile; ignored.
    public var profile: String?
    /// cfssl's signer label; ignored.
    public var label: String?

    /// A body with these fields.
    public init(request: CertificateNameRequest, profile: String? = nil, label: String? = nil) {
        self.request = request
        self.profile = profile
        self.label = label
    }
}
