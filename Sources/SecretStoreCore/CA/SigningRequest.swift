import X509

/// A certificate signing request the CA is willing to sign: it parses and its signature verifies
/// with its own key. Anything else is a 400. Key strength needs no check of its own: parsing takes
/// only the keys swift-certificates knows (RSA, ECDSA on P-256, P-384 or P-521, Ed25519), and
/// swift-crypto refuses to parse an RSA key under 2048 bits (`SigningRequestTests` pins this).
public struct SigningRequest: Sendable {
    /// The parsed request.
    public let request: CertificateSigningRequest

    /// Checks a PEM `CERTIFICATE REQUEST`.
    public init(pem: String) throws(CAError) {
        let request: CertificateSigningRequest
        do {
            request = try CertificateSigningRequest(pemEncoded: pem)
        } catch {
            // swift-crypto refuses to parse RSA keys under 2048 bits, so a weak RSA key ends here too.
            throw CAError(
                .badRequest,
                "the certificate request does not parse as a PEM CSR with a supported key "
                    + "(RSA of at least 2048 bits, or ECDSA on P-256, P-384 or P-521)")
        }
        try self.init(request)
    }

    /// Checks a parsed request.
    public init(_ request: CertificateSigningRequest) throws(CAError) {
        guard request.publicKey.isValidSignature(request.signature, for: request) else {
            throw CAError(.badRequest, "the certificate request's signature does not verify")
        }
        self.request = request
    }

    /// The subject alternative names the request asks for, if it asks for any.
    public var requestedAlternativeNames: SubjectAlternativeNames? {
        (try? request.attributes.extensionRequest?.extensions.subjectAlternativeNames) ?? nil
    }
}
