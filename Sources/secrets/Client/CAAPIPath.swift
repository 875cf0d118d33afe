/// The paths of the store's CA (contract §8), from the server's root.
// The wire module names the identity and secrets paths; these belong there too once it does.
enum CAAPIPath {
    /// The root certificate, PEM, unauthenticated.
    static let rootCertificate = "/ca/dcos-ca.crt"
    /// cfssl's `newcert`: a key, its CSR and the certificate.
    static let newCertificate = "/ca/api/v2/newcert"
    /// cfssl's `sign`: a certificate for a CSR.
    static let sign = "/ca/api/v2/sign"
    /// cfssl's `bundle`: a certificate's chain and root.
    static let bundle = "/ca/api/v2/bundle"
    /// The certificates the CA issued.
    static let certificates = "/ca/api/v2/certificates"
}
