import Crypto
import Foundation
import SecretStoreCore
import SwiftASN1
import Testing
import X509
import _CryptoExtras

@Suite("Certificate authority")
struct CertificateIssuerTests {
    static let root = Result {
        try CertificateIssuer.makeRoot(commonName: "SecretStore CA test", key: .init(P256.Signing.PrivateKey()))
    }

    /// A CSR for `key` with `hosts` requested as subject alternative names.
    static func csr(_ key: Certificate.PrivateKey, commonName: String, hosts: [String]) throws
        -> CertificateSigningRequest
    {
        let names = try HostName.alternativeNames(hosts)
        let extensions = try Certificate.Extensions { names }
        return try CertificateSigningRequest(
            version: .v1, subject: try CertificateNames(commonName: commonName).distinguishedName(), privateKey: key,
            attributes: CertificateSigningRequest.Attributes([.init(ExtensionRequest(extensions: extensions))]))
    }

    @Test func theRootIsASelfSignedCAForTenYears() async throws {
        let issuer = try Self.root.get()
        let root = issuer.certificate
        #expect(root.issuer == root.subject)
        #expect(try root.extensions.basicConstraints == .isCertificateAuthority(maxPathLength: nil))
        #expect(root.notValidAfter.timeIntervalSince(root.notValidBefore) >= CertificateIssuer.rootValidity)
        #expect(root.publicKey.isValidSignature(root.signature, for: root))
        #expect(issuer.root == root)
        #expect(try root.sha256Fingerprint.split(separator: ":").count == 32)
    }

    @Test func aSignedRequestKeepsItsNamesAndIsALeafForServerAndClient() async throws {
        let issuer = try Self.root.get()
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let request = try SigningRequest(
            try Self.csr(key, commonName: "spark", hosts: ["spark.marathon.l4lb", "10.0.0.7"]))
        let leaf = try issuer.sign(request)
        #expect(leaf.issuer == issuer.certificate.subject)
        #expect(leaf.publicKey == key.publicKey)
        #expect(try leaf.extensions.basicConstraints == .notCertificateAuthority)
        #expect(try leaf.extensions.extendedKeyUsage?.contains(.serverAuth) == true)
        #expect(try leaf.extensions.extendedKeyUsage?.contains(.clientAuth) == true)
        let names = try #require(try leaf.extensions.subjectAlternativeNames)
        #expect(
            Array(names) == [
                .dnsName("spark.marathon.l4lb"), .ipAddress(ASN1OctetString(contentBytes: [10, 0, 0, 7])),
            ])
        #expect(leaf.notValidAfter <= issuer.certificate.notValidAfter)

        // The chain verifies under the root alone, as a client that trusts only dcos-ca.crt would check it.
        var verifier = Verifier(rootCertificates: CertificateStore([issuer.root])) {
            RFC5280Policy()
        }
        let result = await verifier.validate(leaf: leaf, intermediates: CertificateStore())
        guard case .validCertificate = result else {
            Issue.record("the issued certificate does not verify: \(result)")
            return
        }
    }

    @Test func hostsReplaceTheRequestedNamesAndSubjectReplacesTheSubject() throws {
        let issuer = try Self.root.get()
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let request = try SigningRequest(try Self.csr(key, commonName: "asked", hosts: ["asked.example"]))
        let subject = CertificateNames(commonName: "given", entries: [.init(country: "DE", organization: "Ops")])
        let leaf = try issuer.sign(request, hosts: ["::1", "given.example"], subject: subject)
        let names = try #require(try leaf.extensions.subjectAlternativeNames)
        #expect(Array(names).count == 2)
        #expect(Array(names).contains(.dnsName("given.example")))
        #expect(leaf.subject.description.contains("CN=given"))
        #expect(leaf.subject.description.contains("C=DE"))
        #expect(!leaf.subject.description.contains("asked"))
    }

    @Test func serialsAre128BitPositiveAndPrintInDecimal() throws {
        #expect(CertificateSerial.decimal(Certificate.SerialNumber(bytes: [0x01, 0x00])) == "256")
        #expect(CertificateSerial.decimal(Certificate.SerialNumber(bytes: [0x7F, 0xFF, 0xFF, 0xFF])) == "2147483647")
        #expect(
            CertificateSerial.decimal(Certificate.SerialNumber(bytes: [0x7F] + Array(repeating: 0xFF, count: 15)))
                == "170141183460469231731687303715884105727")
        let serials = try (0..<50).map { _ in try CertificateSerial.random() }
        #expect(Set(serials.map(CertificateSerial.decimal)).count == 50)
        #expect(serials.allSatisfy { $0.bytes.count == 16 && $0.bytes.first! < 0x80 })
    }

    @Test func anIssuedCertificateIsRecordedWithItsDecimalSerial() throws {
        let issuer = try Self.root.get()
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let leaf = try issuer.sign(try SigningRequest(try Self.csr(key, commonName: "rec", hosts: ["rec.example"])))
        let record = IssuedCertificate(leaf)
        #expect(record.serial == CertificateSerial.decimal(leaf.serialNumber))
        #expect(record.subject == "CN=rec")
        #expect(record.authorityKeyID?.count == 40)
        let json = String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        #expect(json.contains("\"not_after\"") && json.contains("\"authority_key_id\""))
    }
}

@Suite("Certificate requests the CA refuses")
struct SigningRequestTests {
    @Test func garbageIsABadRequest() {
        let error = #expect(throws: CAError.self) {
            try SigningRequest(pem: "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n")
        }
        #expect(error?.code == .badRequest)
        #expect(error?.message.hasPrefix("the certificate request does not parse") == true)
    }

    @Test func aRequestSignedByAnotherKeyDoesNotVerify() throws {
        let claimed = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let signer = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let honest = try CertificateSigningRequest(
            version: .v1, subject: try CertificateNames(commonName: "x").distinguishedName(), privateKey: signer,
            attributes: .init())
        // The same signature over the same request, but claiming another public key.
        let forged = try CertificateSigningRequest(
            version: honest.version, subject: honest.subject, publicKey: claimed.publicKey,
            attributes: honest.attributes,
            signatureAlgorithm: honest.signatureAlgorithm, signature: honest.signature)
        let error = #expect(throws: CAError.self) { try SigningRequest(forged) }
        #expect(error?.message.contains("does not verify") == true)
    }

    @Test func anRSAKeyUnder2048BitsIsWeak() throws {
        let weak = Certificate.PrivateKey(try _RSA.Signing.PrivateKey(unsafeKeySize: .init(bitCount: 1024)))
        let request = try CertificateSigningRequest(
            version: .v1, subject: try CertificateNames(commonName: "weak").distinguishedName(), privateKey: weak,
            attributes: .init())
        let pem = try request.serializeAsPEM().pemString
        let error = #expect(throws: CAError.self) { try SigningRequest(pem: pem) }
        #expect(error?.message.contains("at least 2048 bits") == true, "\(String(describing: error))")
    }

    @Test(arguments: [
        ("rsa", 2048, true), ("rsa", 4096, true), ("rsa", 8192, true), ("rsa", 1024, false), ("rsa", 3072, false),
        ("ecdsa", 256, true), ("ecdsa", 384, true), ("ecdsa", 521, true), ("ecdsa", 224, false), ("dsa", 2048, false),
    ])
    func keySpecsAreCfsslsSizes(_ algo: String, _ size: Int, _ allowed: Bool) {
        #expect(((try? CAKeySpec(algo: algo, size: size)) != nil) == allowed)
    }

    @Test func generatedKeysHaveTheirSpec() throws {
        #expect(P384.Signing.PublicKey(try CAKeySpec(algo: "ecdsa", size: 384).generate().publicKey) != nil)
        #expect(
            _RSA.Signing.PublicKey(try CAKeySpec(algo: "rsa", size: nil).generate().publicKey)?.keySizeInBits == 2048)
    }

    @Test(arguments: ["exa mple.com", "-lead.example", "a..b", "", "ünï.example", "1.2.3.4.5/8"])
    func hostsThatAreNeitherNamesNorAddressesAreRefused(_ host: String) {
        #expect(throws: CAError.self) { try HostName.generalName(host) }
    }

    @Test func wildcardsAndAddressesAreAccepted() throws {
        #expect(try HostName.generalName("*.marathon.l4lb") == .dnsName("*.marathon.l4lb"))
        #expect(try HostName.generalName("127.0.0.1") == .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])))
        #expect(
            try HostName.generalName("::1")
                == .ipAddress(ASN1OctetString(contentBytes: ArraySlice(Array(repeating: 0, count: 15) + [1]))))
    }
}
