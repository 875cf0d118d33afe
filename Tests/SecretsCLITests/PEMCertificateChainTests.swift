import Foundation
import Testing

@testable import secrets

/// The root certificate as `secrets login` shows and keeps it: parsed, fingerprinted as openssl
/// prints it, its subject shown; anything else refused.
@Suite struct PEMCertificateChainTests {
    @Test func fingerprintIsOpenSSLs() throws {
        let chain = try PEMCertificateChain(pem: CertificateFixture.certificate, source: "test")
        #expect(try chain.fingerprint == CertificateFixture.fingerprint)
        #expect(chain.subject == "CN=Fixture Root, O=SecretStore Tests")
    }

    @Test func fingerprintOfBytesIsUpperCaseHexPairs() {
        // SHA-256 of nothing, a published value.
        #expect(
            PEMCertificateChain.fingerprint(ofDER: [])
                == "E3:B0:C4:42:98:FC:1C:14:9A:FB:F4:C8:99:6F:B9:24:27:AE:41:E4:64:9B:93:4C:A4:95:99:1B:78:52:B8:55")
    }

    @Test func severalCertificatesKeepTheirOrder() throws {
        let chain = try PEMCertificateChain(
            pem: CertificateFixture.certificate + "\n" + CertificateFixture.certificate, source: "test")
        #expect(chain.certificates.count == 2)
        #expect(chain.pem.hasPrefix("-----BEGIN CERTIFICATE-----"))
    }

    @Test(arguments: [
        "", "not a certificate", CertificateFixture.privateKey,
        "-----BEGIN CERTIFICATE-----\nbm90IERFUg==\n-----END CERTIFICATE-----\n",
    ])
    func somethingElseIsRefused(text: String) {
        let error = failure { try PEMCertificateChain(pem: text, source: "the answer") }
        #expect(error == "the answer holds no PEM certificate")
    }

    @Test func aMissingFileIsNamed() {
        #expect(
            failure { try PEMCertificateChain(file: "/nonexistent/ca.pem") }
                == "cannot read the certificate file /nonexistent/ca.pem")
    }

    @Test(arguments: [
        (CertificateFixture.fingerprint, CertificateFixture.fingerprint),
        (CertificateFixture.fingerprint.lowercased(), CertificateFixture.fingerprint),
        (CertificateFixture.fingerprint.replacingOccurrences(of: ":", with: ""), CertificateFixture.fingerprint),
        (CertificateFixture.fingerprint.replacingOccurrences(of: ":", with: " "), CertificateFixture.fingerprint),
    ])
    func fingerprintsCompareWhateverTheirSpelling(given: String, normalized: String) {
        #expect(PEMCertificateChain.normalizedFingerprint(given) == normalized)
    }

    @Test(arguments: [
        "", "AB:CD", String(repeating: "G", count: 64), String(repeating: "A", count: 66),
        "sha256:" + String(repeating: "A", count: 64),
    ])
    func aFingerprintThatIsNoSHA256IsRefused(given: String) {
        #expect(PEMCertificateChain.normalizedFingerprint(given) == nil)
    }

    @Test(arguments: [
        ("yes", true), ("YES", true), (" y ", true), ("Yes", true), ("no", false), ("", false), ("yess", false),
        ("n", false),
    ])
    func onlyYesTrusts(answer: String, trusted: Bool) {
        #expect(RootCertificateQuestion.isYes(answer) == trusted)
    }

    @Test func theQuestionShowsSubjectAndFingerprint() throws {
        let root = try PEMCertificateChain(pem: CertificateFixture.certificate, source: "test")
        let text = RootCertificateQuestion(url: "https://store:8443", root: root).text(try root.fingerprint)
        #expect(text.contains("https://store:8443"))
        #expect(text.contains("Subject: CN=Fixture Root, O=SecretStore Tests"))
        #expect(text.contains("SHA-256 fingerprint: \(CertificateFixture.fingerprint)"))
        #expect(text.hasSuffix("Trust this certificate? [yes/no] "))
    }
}
