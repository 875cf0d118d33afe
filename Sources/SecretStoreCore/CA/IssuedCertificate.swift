import Foundation
import X509

/// What the CA records of every certificate it issues, for `/ca/api/v2/certificates`.
public struct IssuedCertificate: Codable, Sendable, Hashable {
    /// The serial as a decimal string (cfssl's form).
    public var serial: String
    /// The subject in RFC 4514 form.
    public var subject: String
    /// The start of validity.
    public var notBefore: Date
    /// The end of validity.
    public var notAfter: Date
    /// The issuing key's identifier, lower-case hex, if the certificate names one.
    public var authorityKeyID: String?

    /// The record of `certificate`.
    public init(_ certificate: Certificate) {
        serial = CertificateSerial.decimal(certificate.serialNumber)
        subject = certificate.subject.description
        notBefore = certificate.notValidBefore
        notAfter = certificate.notValidAfter
        let keyID = (try? certificate.extensions.authorityKeyIdentifier?.keyIdentifier) ?? nil
        authorityKeyID = keyID.map { Hex.encode($0) }
    }

    enum CodingKeys: String, CodingKey {
        case serial, subject
        case notBefore = "not_before"
        case notAfter = "not_after"
        case authorityKeyID = "authority_key_id"
    }
}
