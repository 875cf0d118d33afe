import Crypto
import X509
import _CryptoExtras

/// A certificate signing request the CA is willing to sign: it parses, its signature verifies with
/// its own key, and that key is at least as strong as RSA 2048 (RSA of 2048 bits or more, or ECDSA
/// on P-256, P-384 or P-521; Ed25519 too). Anything else is a 400.
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
        if let rsa = _RSA.Signing.PublicKey(request.publicKey) {
            guard rsa.keySizeInBits >= 2048 else {
                throw CAError(
                    .badRequest, "the certificate request's RSA key has \(rsa.keySizeInBits) bits (at least 2048)")
            }
        } else {
            let isStrongCurve =
                P256.Signing.PublicKey(request.publicKey) != nil || P384.Signing.PublicKey(request.publicKey) != nil
                || P521.Signing.PublicKey(request.publicKey) != nil
                || Curve25519.Signing.PublicKey(request.publicKey) != nil
            guard isStrongCurve else {
                throw CAError(.badRequest, "the certificate request's key type is not supported")
            }
        }
        self.request = request
    }

    /// The subject alternative names the request asks for, if it asks for any.
    public var requestedAlternativeNames: SubjectAlternativeNames? {
        (try? request.attributes.extensionRequest?.extensions.subjectAlternativeNames) ?? nil
    }
}
