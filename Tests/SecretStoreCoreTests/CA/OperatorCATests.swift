import Crypto
import Foundation
import SecretStoreCore
import Testing
import X509

@Suite("An operator's CA")
struct OperatorCATests {
    /// A root, and an intermediate CA it signed, with their keys.
    static func hierarchy() throws -> (root: Certificate, intermediate: Certificate, key: Certificate.PrivateKey) {
        let rootKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let root = try CertificateIssuer.makeRoot(commonName: "Operator Root", key: rootKey).certificate
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let intermediate = try Certificate(
            version: .v3, serialNumber: try CertificateSerial.random(), publicKey: key.publicKey,
            notValidBefore: Date() - 3600, notValidAfter: Date() + 86_400 * 365, issuer: root.subject,
            subject: try CertificateNames(commonName: "Operator Issuing CA").distinguishedName(),
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: key.publicKey)
            },
            issuerPrivateKey: rootKey)
        return (root, intermediate, key)
    }

    static func pem(_ certificates: [Certificate]) throws -> String {
        try certificates.map { try $0.serializeAsPEM().pemString + "\n" }.joined()
    }

    @Test func anIntermediateWithItsRootSignsLeavesThatVerifyUnderTheRoot() async throws {
        let (root, intermediate, key) = try Self.hierarchy()
        let issuer = try await CertificateIssuer.operatorCA(
            chainPEM: try Self.pem([intermediate, root]), keyPEM: try key.serializeAsPEM().pemString)
        #expect(issuer.certificate == intermediate)
        #expect(issuer.root == root)

        let leafKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let leaf = try issuer.issue(
            publicKey: leafKey.publicKey, subject: try CertificateNames(commonName: "svc").distinguishedName(),
            alternativeNames: try HostName.alternativeNames(["svc.example"]))
        var verifier = Verifier(rootCertificates: CertificateStore([root])) { RFC5280Policy() }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore([intermediate]))
        guard case .validCertificate = result else {
            Issue.record("a leaf of the operator's CA does not verify: \(result)")
            return
        }
    }

    @Test func aKeyOfAnotherCertificateIsRefused() async throws {
        let (root, intermediate, _) = try Self.hierarchy()
        let other = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let error = await #expect(throws: CAError.self) {
            try await CertificateIssuer.operatorCA(
                chainPEM: try Self.pem([intermediate, root]), keyPEM: try other.serializeAsPEM().pemString)
        }
        #expect(error?.message.contains("not the key of the first certificate") == true)
    }

    @Test func aChainThatStopsShortOfItsRootIsRefused() async throws {
        let (_, intermediate, key) = try Self.hierarchy()
        let error = await #expect(throws: CAError.self) {
            try await CertificateIssuer.operatorCA(
                chainPEM: try Self.pem([intermediate]), keyPEM: try key.serializeAsPEM().pemString)
        }
        #expect(error?.message.contains("self-signed root") == true)
    }

    @Test func aLeafIsNotACA() async throws {
        let rootKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let root = try CertificateIssuer.makeRoot(commonName: "Operator Root", key: rootKey)
        let leafKey = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let leaf = try root.issue(
            publicKey: leafKey.publicKey, subject: try CertificateNames(commonName: "leaf").distinguishedName(),
            alternativeNames: nil)
        let error = await #expect(throws: CAError.self) {
            try await CertificateIssuer.operatorCA(
                chainPEM: try Self.pem([leaf, root.certificate]), keyPEM: try leafKey.serializeAsPEM().pemString)
        }
        #expect(error?.message.contains("is not a CA certificate") == true)
    }

    @Test func filesThatAreNotPEMAreRefused() async throws {
        let error = await #expect(throws: CAError.self) {
            try await CertificateIssuer.operatorCA(chainPEM: "not a certificate", keyPEM: "not a key")
        }
        #expect(error?.code == .badRequest)
    }
}
