/// The `result` of `sign`: `{"certificate": PEM}`.
public struct CASignAnswer: Codable, Sendable, Equatable {
    /// The issued certificate, PEM.
    public var certificate: String

    /// An answer for `certificate`.
    public init(certificate: String) { self.certificate = certificate }
}
