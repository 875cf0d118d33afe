/// `POST /ca/api/v2/certificates`: `{"serial"?, "authority_key_id"?, "expired_ok"?}`.
public struct CACertificatesBody: Codable, Sendable, Equatable {
    /// Only the certificate with this decimal serial.
    public var serial: String?
    /// Only certificates issued by the key with this identifier (hex).
    public var authorityKeyID: String?
    /// Also certificates past their end.
    public var expiredOK: Bool?

    /// A body with these fields.
    public init(serial: String? = nil, authorityKeyID: String? = nil, expiredOK: Bool? = nil) {
        self.serial = serial
        self.authorityKeyID = authorityKeyID
        self.expiredOK = expiredOK
    }

    private enum CodingKeys: String, CodingKey {
        case serial
        case authorityKeyID = "authority_key_id"
        case expiredOK = "expired_ok"
    }
}
