import Foundation
import SecretStoreCore
import SecretStoreWire

extension CACertificatesAnswer.Entry {
    /// One recorded certificate, with RFC 3339 times.
    init(_ record: IssuedCertificate) {
        let format = ISO8601DateFormatter()
        self.init(
            serial: record.serial, subject: record.subject, notBefore: format.string(from: record.notBefore),
            notAfter: format.string(from: record.notAfter))
    }
}
