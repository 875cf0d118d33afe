import Crypto
import Foundation
import Logging
import SecretStoreCore
import SecretStoreCrypto
import Testing
import X509

@Suite("Certificate authority in storage")
struct CertificateAuthorityTests {
    static let logger = Logger(label: "test.ca")

    /// A CSR of a fresh P-256 key naming `host`.
    static func request(_ host: String) throws -> SigningRequest {
        let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
        let extensions = try Certificate.Extensions { try HostName.alternativeNames([host]) }
        return try SigningRequest(
            try CertificateSigningRequest(
                version: .v1, subject: try CertificateNames(commonName: host).distinguishedName(), privateKey: key,
                attributes: CertificateSigningRequest.Attributes([.init(ExtensionRequest(extensions: extensions))])))
    }

    @Test func theRootIsMadeOnceAndItsKeyIsStoredOnlyEncrypted() async throws {
        let (barrier, _, storage) = try await BarrierTests.unsealedBarrier()
        let ca = CertificateAuthority(storage: storage, barrier: barrier, logger: Self.logger)
        #expect(try await ca.root() == nil)
        let root = try await ca.ensureRoot(commonName: "SecretStore CA test")
        // A second instance on the same storage finds it rather than making another.
        let other = CertificateAuthority(storage: storage, barrier: barrier, logger: Self.logger)
        #expect(try await other.ensureRoot(commonName: "another name") == root)
        #expect(try await other.issuer().certificate == root)

        let stored = try await BarrierTests.everyStoredValue(storage)
        #expect(!stored.contains { String(decoding: $0, as: UTF8.self).contains("PRIVATE KEY") })
        #expect(stored.contains { String(decoding: $0, as: UTF8.self).contains("BEGIN CERTIFICATE") })
    }

    @Test func signingIsRecordedAndListedBySerial() async throws {
        let (barrier, _, storage) = try await BarrierTests.unsealedBarrier()
        let ca = CertificateAuthority(storage: storage, barrier: barrier, logger: Self.logger)
        let root = try await ca.ensureRoot(commonName: "SecretStore CA test")
        let first = try await ca.sign(try Self.request("one.example"))
        let second = try await ca.sign(try Self.request("two.example"))
        #expect(first.issuer == root.subject)

        let all = try await ca.issued()
        #expect(Set(all.map(\.serial)) == [first, second].map { CertificateSerial.decimal($0.serialNumber) }.asSet)
        let one = try await ca.issued(serial: CertificateSerial.decimal(second.serialNumber))
        #expect(one.map(\.subject) == ["CN=two.example"])
        #expect(try await ca.issued(serial: "12345").isEmpty)
        #expect(try await ca.issued(serial: "../certificate").isEmpty)
        // Past their end they are listed only when asked for.
        let later = Date() + 2 * CertificateIssuer.defaultValidity
        #expect(try await ca.issued(now: later).isEmpty)
        #expect(try await ca.issued(includeExpired: true, now: later).count == 2)
        let keyID = try #require(all.first?.authorityKeyID)
        #expect(try await ca.issued(authorityKeyID: keyID.uppercased()).count == 2)
        #expect(try await ca.issued(authorityKeyID: String(repeating: "0", count: 40)).isEmpty)
    }

    @Test func aSealedStoreServesTheRootButNeitherMakesNorSigns() async throws {
        let (barrier, unsealKey, storage) = try await BarrierTests.unsealedBarrier()
        let sealedBarrier = Barrier(storage: storage, storeID: "default")
        let sealed = CertificateAuthority(storage: storage, barrier: sealedBarrier, logger: Self.logger)
        let error = await #expect(throws: SealError.self) { try await sealed.ensureRoot(commonName: "x") }
        #expect(error?.code == .sealed)
        #expect(try await sealed.root() == nil)

        let root = try await CertificateAuthority(storage: storage, barrier: barrier, logger: Self.logger)
            .ensureRoot(commonName: "SecretStore CA test")
        #expect(try await sealed.root() == root)
        let signing = await #expect(throws: SealError.self) { try await sealed.sign(try Self.request("x.example")) }
        #expect(signing?.code == .sealed)
        #expect(try await sealed.issued().isEmpty)

        try await sealedBarrier.unseal(with: unsealKey)
        #expect(try await sealed.sign(try Self.request("x.example")).issuer == root.subject)
    }
}

extension Array where Element: Hashable {
    fileprivate var asSet: Set<Element> { Set(self) }
}

@Suite("Certificate authority: keys, certificates and bundles")
struct CertificateAuthorityRequestTests {
    @Test func newKeyNeedsNoCAAndItsRequestVerifies() async throws {
        let storage = InMemoryStorage()
        let sealed = CertificateAuthority(
            storage: storage, barrier: Barrier(storage: storage, storeID: "default"),
            logger: CertificateAuthorityTests.logger)
        let names = CertificateNames(commonName: "kafka", entries: [.init(country: "US", organization: "Ops")])
        let generated = try await sealed.newKey(
            spec: try CAKeySpec(algo: "ecdsa", size: 384), names: names, hosts: ["kafka.example", "10.1.2.3"])
        let request = try SigningRequest(generated.request)
        #expect(P384.Signing.PublicKey(request.request.publicKey) != nil)
        #expect(try Certificate.PrivateKey(pemEncoded: generated.privateKeyPEM).publicKey == request.request.publicKey)
        #expect(request.requestedAlternativeNames.map(Array.init)?.count == 2)
        #expect(generated.request.subject.description.contains("CN=kafka"))
        #expect(generated.certificate == nil)
        let sums = try generated.request.cfsslSums
        #expect(sums.md5.count == 32 && sums.sha1.count == 40)
    }

    @Test func newCertificateIsSignedAndBundlesUpToTheRoot() async throws {
        let (barrier, _, storage) = try await BarrierTests.unsealedBarrier()
        let ca = CertificateAuthority(storage: storage, barrier: barrier, logger: CertificateAuthorityTests.logger)
        let root = try await ca.ensureRoot(commonName: "SecretStore CA test")
        let generated = try await ca.newCertificate(
            spec: .default, names: CertificateNames(commonName: "web"), hosts: ["web.example"])
        let certificate = try #require(generated.certificate)
        #expect(certificate.publicKey == generated.request.publicKey)
        #expect(try await ca.issued().map(\.serial) == [CertificateSerial.decimal(certificate.serialNumber)])

        let (bundle, bundleRoot) = try await ca.bundle(certificate)
        #expect(bundle == [certificate])
        #expect(bundleRoot == root)

        // A certificate from another CA is not this store's to bundle.
        let stranger = try CertificateIssuer.makeRoot(
            commonName: "Stranger", key: .init(P256.Signing.PrivateKey()))
        let foreign = try stranger.issue(
            publicKey: certificate.publicKey, subject: certificate.subject, alternativeNames: nil)
        await #expect(throws: CAError.self) { try await ca.bundle(foreign) }
    }
}
