import Crypto
import Foundation
import SecretStoreWire
import SwiftASN1
import X509

/// The CA's signing side: a CA certificate with its private key, and the chain above it up to the
/// root. Issued certificates are never CAs, are for server and client authentication, carry a
/// random 128-bit serial, and end no later than the signing certificate.
public struct CertificateIssuer: Sendable {
    /// The certificate that signs (the root itself, or an operator's intermediate).
    public let certificate: Certificate
    /// Its private key; never logged, and stored only encrypted by the barrier.
    let privateKey: Certificate.PrivateKey
    /// The certificates above `certificate`, nearest first, ending at the self-signed root; empty
    /// when `certificate` is the root.
    public let chain: [Certificate]

    /// How long a root made by `makeRoot` is valid: ten years (contract §8).
    public static let rootValidity: TimeInterval = 10 * 365 * 86_400
    /// How long an issued certificate is valid unless asked otherwise: one year (contract §8).
    public static let defaultValidity: TimeInterval = 365 * 86_400

    /// An issuer over `certificate` and its `privateKey`, with `chain` above it.
    public init(certificate: Certificate, privateKey: Certificate.PrivateKey, chain: [Certificate] = []) {
        self.certificate = certificate
        self.privateKey = privateKey
        self.chain = chain
    }

    /// The self-signed root at the top of the chain.
    public var root: Certificate { chain.last ?? certificate }

    /// A new self-signed root CA certificate for `key`, named `commonName`, valid from an hour before
    /// `now` (clock skew between machines) for ten years.
    public static func makeRoot(commonName: String, key: Certificate.PrivateKey, now: Date = Date()) throws
        -> CertificateIssuer
    {
        let name = try CertificateNames(commonName: commonName).distinguishedName()
        let certificate = try Certificate(
            version: .v3, serialNumber: try CertificateSerial.random(), publicKey: key.publicKey,
            notValidBefore: now - 3600, notValidAfter: now + rootValidity, issuer: name, subject: name,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: key)
        return CertificateIssuer(certificate: certificate, privateKey: key)
    }

    /// A certificate for `publicKey` named `subject`, with `alternativeNames` if any.
    public func issue(
        publicKey: Certificate.PublicKey, subject: DistinguishedName, alternativeNames: SubjectAlternativeNames?,
        validity: TimeInterval = defaultValidity, now: Date = Date()
    ) throws -> Certificate {
        var extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectKeyIdentifier(hash: publicKey)
        }
        if let keyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier {
            try extensions.append(AuthorityKeyIdentifier(keyIdentifier: keyID).makeCertificateExtension())
        }
        if let alternativeNames, !alternativeNames.isEmpty {
            try extensions.append(alternativeNames.makeCertificateExtension())
        }
        return try Certificate(
            version: .v3, serialNumber: try CertificateSerial.random(), publicKey: publicKey,
            notValidBefore: now - 3600, notValidAfter: min(now + validity, certificate.notValidAfter),
            issuer: certificate.subject, subject: subject,
            extensions: extensions,
            issuerPrivateKey: privateKey)
    }

    /// Signs a checked request, as cfssl does: `hosts`, when given, replace the names the request
    /// asks for; without them the request's names are kept. `subject`, when given, replaces the
    /// request's subject.
    public func sign(
        _ request: SigningRequest, hosts: [String]? = nil, subject: CertificateNames? = nil,
        now: Date = Date()
    ) throws -> Certificate {
        let names: SubjectAlternativeNames? =
            if let hosts { try HostName.alternativeNames(hosts) } else { request.requestedAlternativeNames }
        return try issue(
            publicKey: request.request.publicKey,
            subject: try subject?.distinguishedName() ?? request.request.subject,
            alternativeNames: names, now: now)
    }
}

extension Certificate {
    /// The SHA-256 fingerprint of the DER encoding, as `dcos cluster setup` shows it: upper-case hex
    /// pairs joined by `:`.
    public var sha256Fingerprint: String {
        get throws {
            CertificateFingerprint.text(Array(SHA256.hash(data: try derBytes())))
        }
    }
}

extension CertificateIssuer {
    /// An operator's CA (`--ca-cert FILE --ca-key FILE`): `chainPEM` holds the signing CA first and
    /// its chain up to a self-signed root, `keyPEM` the signing CA's private key. Refused unless every
    /// certificate is a CA, each is signed by the next, the last signs itself, and the key is the
    /// signing certificate's.
    public static func operatorCA(chainPEM: String, keyPEM: String, now: Date = Date()) async throws(CAError)
        -> CertificateIssuer
    {
        let chain: [Certificate]
        let key: Certificate.PrivateKey
        do {
            chain = try PEMDocument.parseMultiple(pemString: chainPEM).map { try Certificate(pemDocument: $0) }
        } catch {
            throw CAError(.badRequest, "the CA certificate file does not parse as PEM certificates")
        }
        do {
            key = try Certificate.PrivateKey(pemEncoded: keyPEM)
        } catch {
            throw CAError(.badRequest, "the CA key file does not parse as a PEM private key")
        }
        guard let signing = chain.first, let root = chain.last else {
            throw CAError(.badRequest, "the CA certificate file holds no certificate")
        }
        guard key.publicKey == signing.publicKey else {
            throw CAError(.badRequest, "the CA key is not the key of the first certificate in the CA file")
        }
        guard root.issuer == root.subject, root.publicKey.isValidSignature(root.signature, for: root) else {
            throw CAError(
                .badRequest,
                "the CA certificate file must end with a self-signed root (the last one is \(root.subject))")
        }
        for certificate in chain {
            guard case .isCertificateAuthority = try? certificate.extensions.basicConstraints else {
                throw CAError(.badRequest, "\(certificate.subject) in the CA certificate file is not a CA certificate")
            }
        }
        var verifier = Verifier(rootCertificates: CertificateStore([root])) { RFC5280Policy() }
        let result = await verifier.validate(leaf: signing, intermediates: CertificateStore(Array(chain.dropFirst())))
        guard case .validCertificate = result else {
            throw CAError(
                .badRequest,
                "the CA certificate file is not a valid chain from the signing CA to its root (or has expired)")
        }
        return CertificateIssuer(certificate: signing, privateKey: key, chain: Array(chain.dropFirst()))
    }
}
