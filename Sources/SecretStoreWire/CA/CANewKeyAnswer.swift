/// The `result` of `newkey` and `newcert`: a private key with its CSR, and for `newcert` the
/// certificate. `{"private_key", "certificate_request", "certificate"?, "sums"}`.
public struct CANewKeyAnswer: Codable, Sendable, Equatable {
    /// The generated private key, PEM.
    public var privateKey: String
    /// The CSR for it, PEM.
    public var certificateRequest: String
    /// The issued certificate, PEM (`newcert` only).
    public var certificate: String?
    /// Sums of `certificate_request` and (for `newcert`) `certificate`, keyed by those names.
    public var sums: [String: CFSSLSums]

    /// An answer with these fields.
    public init(privateKey: String, certificateRequest: String, certificate: String?, sums: [String: CFSSLSums]) {
        self.privateKey = privateKey
        self.certificateRequest = certificateRequest
        self.certificate = certificate
        self.sums = sums
    }

    private enum CodingKeys: String, CodingKey {
        case privateKey = "private_key"
        case certificateRequest = "certificate_request"
        case certificate, sums
    }
}
