import Foundation
import SecretStoreWire
import Testing

@Suite("CA bodies (cfssl's shapes)")
struct CABodyTests {
    static func json(_ value: some Encodable) throws -> [String: Any] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return try #require(try JSONSerialization.jsonObject(with: try encoder.encode(value)) as? [String: Any])
    }

    @Test func aFailureEnvelopeHasANullResultAndTheStatusAsItsCode() throws {
        let body = try Self.json(CFSSLFailure(status: 503, code: "SEALED", message: "the store is sealed"))
        #expect(body["success"] as? Bool == false)
        #expect(body["result"] is NSNull)
        let errors = try #require(body["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(errors[0]["code"] as? Int == 503)
        #expect(errors[0]["message"] as? String == "SEALED: the store is sealed")
        #expect((body["messages"] as? [Any])?.isEmpty == true)
    }

    @Test func aSuccessEnvelopeCarriesItsResult() throws {
        let body = try Self.json(CFSSLEnvelope(result: CASignAnswer(certificate: "PEM")))
        #expect(body["success"] as? Bool == true)
        #expect((body["result"] as? [String: Any])?["certificate"] as? String == "PEM")
        #expect((body["errors"] as? [Any])?.isEmpty == true)
    }

    @Test func aNewKeyRequestReadsAsCfsslWritesIt() throws {
        let text = #"""
            {"CN": "spark", "hosts": ["spark.marathon.l4lb", "10.0.0.7"],
             "names": [{"C": "US", "ST": "CA", "L": "SF", "O": "Ops", "OU": "Data"}],
             "key": {"algo": "rsa", "size": 2048}}
            """#
        let request = try JSONDecoder().decode(CertificateNameRequest.self, from: Data(text.utf8))
        #expect(request.commonName == "spark")
        #expect(request.hosts == ["spark.marathon.l4lb", "10.0.0.7"])
        #expect(request.names == [.init(c: "US", st: "CA", l: "SF", o: "Ops", ou: "Data")])
        #expect(request.key == .init(algo: "rsa", size: 2048))
        let minimal = try JSONDecoder().decode(CertificateNameRequest.self, from: Data(#"{"CN":"x"}"#.utf8))
        #expect(minimal.key == nil && minimal.hosts == nil)
    }

    @Test func signAndCertificatesBodiesUseSnakeCase() throws {
        let sign = try JSONDecoder().decode(
            CASignBody.self, from: Data(#"{"certificate_request":"CSR","hosts":["a.example"]}"#.utf8))
        #expect(sign == CASignBody(certificateRequest: "CSR", hosts: ["a.example"]))
        let query = try JSONDecoder().decode(
            CACertificatesBody.self, from: Data(#"{"serial":"123","authority_key_id":"ab","expired_ok":true}"#.utf8))
        #expect(query == CACertificatesBody(serial: "123", authorityKeyID: "ab", expiredOK: true))
    }

    @Test func answersUseCfsslsKeys() throws {
        let newKey = try Self.json(
            CANewKeyAnswer(
                privateKey: "K", certificateRequest: "R", certificate: "C",
                sums: ["certificate": CFSSLSums(md5: "M", sha1: "S")]))
        #expect(Set(newKey.keys) == ["private_key", "certificate_request", "certificate", "sums"])
        let sums = try #require((newKey["sums"] as? [String: Any])?["certificate"] as? [String: Any])
        #expect(sums["sha-1"] as? String == "S")
        let listed = try Self.json(
            CACertificatesAnswer(certificates: [.init(serial: "1", subject: "CN=x", notBefore: "a", notAfter: "b")]))
        let entry = try #require((listed["certificates"] as? [[String: Any]])?.first)
        #expect(Set(entry.keys) == ["serial", "subject", "not_before", "not_after", "status"])
        #expect(entry["status"] as? String == "good")
    }
}
