/// The paths of the store's CA (contract §8), from the server's root.
public enum CAAPIPath {
    /// The root certificate, PEM, unauthenticated.
    public static let rootCertificate = "/ca/dcos-ca.crt"
    /// `/ca/api/v2`: the prefix of cfssl's API.
    public static let base = "/ca/api/v2"
    /// cfssl's `info`: the signing certificate.
    public static let info = base + "/info"
    /// cfssl's `newkey`: a key and its CSR.
    public static let newKey = base + "/newkey"
    /// cfssl's `newcert`: a key, its CSR and the certificate.
    public static let newCertificate = base + "/newcert"
    /// cfssl's `sign`: a certificate for a CSR.
    public static let sign = base + "/sign"
    /// cfssl's `bundle`: a certificate's chain and root.
    public static let bundle = base + "/bundle"
    /// The certificates the CA issued.
    public static let certificates = base + "/certificates"
}
