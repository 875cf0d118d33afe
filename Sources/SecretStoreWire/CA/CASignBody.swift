/// `POST /ca/api/v2/sign`: `{"certificate_request": PEM, "hosts"?, "subject"?, "profile"?}`.
public struct CASignBody: Codable, Sendable, Equatable {
    /// The CSR, PEM.
    public var certificateRequest: String
    /// Names that replace the CSR's subject alternative names.
    public var hosts: [String]?
    /// A subject that replaces the CSR's (`CN` and `names`).
    public var subject: CertificateNameRequest?
    /// cfssl's signing profile; ignored.
    public var profile: String?

    /// A body with these fields.
    public init(
        certificateRequest: String, hosts: [String]? = nil, subject: CertificateNameRequest? = nil,
        profile: String? = nil
    ) {
        self.certificateRequest = certificateRequest
        self.hosts = hosts
        self.subject = subject
        self.profile = profile
    }

    private enum CodingKeys: String, CodingKey {
        case certificateRequest = "certificate_request"
        case hosts, subject, profile
    }
}
