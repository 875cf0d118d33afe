import Crypto
import Foundation
import SecretStoreConcurrency
import SwiftASN1
import X509

/// A key the CA generated with its CSR (`newkey`), and the certificate when it also signed it
/// (`newcert`). The private key's PEM is handed to the caller once and never stored.
public struct GeneratedKey: Sendable {
    /// The private key, PEM (PKCS#8 for RSA, SEC1 for ECDSA, as swift-certificates writes them).
    public let privateKeyPEM: String
    /// The CSR for it, PEM.
    public let request: CertificateSigningRequest
    /// The certificate, when the CA signed the request (`newcert`).
    public let certificate: Certificate?
}

extension CertificateAuthority {
    /// `newkey`: a new key of `spec` and a CSR for it naming `names` and `hosts`. Needs no CA key,
    /// so it works while sealed.
    public func newKey(spec: CAKeySpec, names: CertificateNames, hosts: [String]) async throws -> GeneratedKey {
        let subject = try names.distinguishedName()
        let alternativeNames = try HostName.alternativeNames(hosts)
        let key = try await runOffPool { try spec.generate() }
        let extensions = try Certificate.Extensions { alternativeNames }
        let attributes: CertificateSigningRequest.Attributes =
            hosts.isEmpty ? .init() : .init([try .init(ExtensionRequest(extensions: extensions))])
        let request = try CertificateSigningRequest(
            version: .v1, subject: subject, privateKey: key, attributes: attributes)
        return GeneratedKey(privateKeyPEM: try key.serializeAsPEM().pemString, request: request, certificate: nil)
    }

    /// `newcert`: `newKey`, then the CA signs the request. Needs an unsealed store, checked (by
    /// opening the CA key) before a key is generated for nothing.
    public func newCertificate(spec: CAKeySpec, names: CertificateNames, hosts: [String]) async throws -> GeneratedKey {
        let issuer = try await issuer()
        let generated = try await newKey(spec: spec, names: names, hosts: hosts)
        let certificate = try await sign(try SigningRequest(generated.request), with: issuer)
        return GeneratedKey(
            privateKeyPEM: generated.privateKeyPEM, request: generated.request, certificate: certificate)
    }

    /// `bundle`: `certificate` followed by the CA's chain up to (not including) the root, and the
    /// root. Refused unless the CA issued it (its issuer is the CA's signing certificate).
    public func bundle(_ certificate: Certificate) async throws -> (bundle: [Certificate], root: Certificate) {
        let chain = try await requireCertificates()
        guard certificate.issuer == chain[0].subject,
            chain[0].publicKey.isValidSignature(certificate.signature, for: certificate)
        else {
            throw CAError(.badRequest, "the certificate was not issued by this store's CA")
        }
        let root = chain[chain.count - 1]
        let intermediates = chain.count > 1 ? Array(chain.dropLast()) : []
        return ([certificate] + intermediates, root)
    }
}

extension Certificate {
    /// cfssl's `sums` of the DER bytes: MD5 and SHA-1, upper-case hex (identification only).
    public var cfsslSums: (md5: String, sha1: String) {
        get throws { try derBytes().cfsslSums }
    }

    /// The DER encoding.
    public func derBytes() throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(self)
        return serializer.serializedBytes
    }
}

extension CertificateSigningRequest {
    /// cfssl's `sums` of the DER bytes: MD5 and SHA-1, upper-case hex.
    public var cfsslSums: (md5: String, sha1: String) {
        get throws {
            var serializer = DER.Serializer()
            try serializer.serialize(self)
            return serializer.serializedBytes.cfsslSums
        }
    }
}

extension [UInt8] {
    fileprivate var cfsslSums: (md5: String, sha1: String) {
        (
            Hex.encode(Insecure.MD5.hash(data: self)).uppercased(),
            Hex.encode(Insecure.SHA1.hash(data: self)).uppercased()
        )
    }
}

extension [Certificate] {
    /// The certificates as one PEM file, in order, each block ending in a newline (OpenSSL and
    /// BoringSSL read nothing after an `-----END` line that runs into the next `-----BEGIN`).
    public func pemChain() throws -> String {
        try map { try $0.serializeAsPEM().pemString + "\n" }.joined()
    }
}
