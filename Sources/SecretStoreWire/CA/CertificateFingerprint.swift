/// How a certificate's fingerprint is shown to people, by the server's log, `dcos cluster setup`,
/// `secrets login` and `openssl x509 -fingerprint`: upper-case hex pairs joined by `:`.
public enum CertificateFingerprint {
    private static let digits = Array("0123456789ABCDEF".utf8)

    /// The text of `digest` (the SHA-256 of a certificate's DER bytes).
    public static func text(_ digest: [UInt8]) -> String {
        digest.map { String(decoding: [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]], as: UTF8.self) }
            .joined(separator: ":")
    }
}
