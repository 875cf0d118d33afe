import SecretStoreWire
import Testing

@Suite("Certificate fingerprints as people see them")
struct CertificateFingerprintTests {
    @Test func upperCaseHexPairsJoinedByColons() {
        #expect(CertificateFingerprint.text([0x00, 0x0a, 0xff, 0x5c]) == "00:0A:FF:5C")
        #expect(CertificateFingerprint.text([]) == "")
    }
}
