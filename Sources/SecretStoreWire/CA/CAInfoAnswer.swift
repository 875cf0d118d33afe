/// The `result` of `info`: `{"certificate": PEM, "usages": [...], "expiry": "8760h"}`.
public struct CAInfoAnswer: Codable, Sendable, Equatable {
    /// The signing CA's certificate, PEM.
    public var certificate: String
    /// The key usages of issued certificates, cfssl's names.
    public var usages: [String]
    /// How long issued certificates are valid, as a Go duration (`8760h`).
    public var expiry: String

    /// An answer with these fields.
    public init(certificate: String, usages: [String], expiry: String) {
        self.certificate = certificate
        self.usages = usages
        self.expiry = expiry
    }
}
