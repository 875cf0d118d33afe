import SecretStoreCore
import SecretStoreWire

extension CANewKeyAnswer {
    /// `newkey`'s (and, with the certificate, `newcert`'s) answer for a generated key.
    init(_ generated: GeneratedKey) throws {
        let requestSums = try generated.request.cfsslSums
        var sums = ["certificate_request": CFSSLSums(md5: requestSums.md5, sha1: requestSums.sha1)]
        if let certificate = generated.certificate {
            let certificateSums = try certificate.cfsslSums
            sums["certificate"] = CFSSLSums(md5: certificateSums.md5, sha1: certificateSums.sha1)
        }
        self.init(
            privateKey: generated.privateKeyPEM,
            certificateRequest: try generated.request.serializeAsPEM().pemString,
            certificate: try generated.certificate?.serializeAsPEM().pemString, sums: sums)
    }
}
