/// The `result` of `certificates`: `{"certificates": [{"serial", "subject", "not_before",
/// "not_after", "status"}]}`, times in RFC 3339.
public struct CACertificatesAnswer: Codable, Sendable, Equatable {
    /// One issued certificate.
    public struct Entry: Codable, Sendable, Equatable {
        /// The serial, decimal.
        public var serial: String
        /// The subject, RFC 4514.
        public var subject: String
        /// Start of validity, RFC 3339.
        public var notBefore: String
        /// End of validity, RFC 3339.
        public var notAfter: String
        /// Always `good` (no revocation).
        public var status: String

        /// An entry with these fields.
        public init(serial: String, subject: String, notBefore: String, notAfter: String, status: String = "good") {
            self.serial = serial
            self.subject = subject
            self.notBefore = notBefore
            self.notAfter = notAfter
            self.status = status
        }

        private enum CodingKeys: String, CodingKey {
            case serial, subject, status
            case notBefore = "not_before"
            case notAfter = "not_after"
        }
    }

    /// The certificates, in serial order.
    public var certificates: [Entry]

    /// An answer of `certificates`.
    public init(certificates: [Entry]) { self.certificates = certificates }
}
