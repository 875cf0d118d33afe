/// `POST /ca/api/v2/bundle`: `{"certificate": PEM}`.
public struct CABundleBody: Codable, Sendable, Equatable {
    /// The certificate to bundle, PEM.
    public var certificate: String

    /// A body for `certificate`.
    public init(certificate: String) { self.certificate = certificate }
}
