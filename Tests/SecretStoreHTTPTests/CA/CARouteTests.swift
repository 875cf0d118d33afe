import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import SwiftASN1
import Testing
import X509

@Suite("CA API (contract §8)")
struct CARouteTests {
    @Test func theRootCertificateIsPublicPEMForGETAndHEAD() async throws {
        try await withCAAPI { api in
            let response = try await api.secrets.send(.get, "/ca/dcos-ca.crt", token: "")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/x-pem-file")
            let served = try Certificate(pemEncoded: response.text)
            #expect(served == (try await api.root()))
            #expect(served.issuer == served.subject)

            let head = try await api.secrets.send(.head, "/ca/dcos-ca.crt", token: "")
            #expect(head.status == .ok)
            #expect(head.body.readableBytes == 0)
            #expect(head.headers[.contentType] == "application/x-pem-file")
        }
    }

    @Test func beforeTheCAExistsTheRootAndTheAPIAnswerSealed() async throws {
        try await withCAAPI(withCA: false, unsealed: false) { api in
            let root = try await api.secrets.send(.get, "/ca/dcos-ca.crt", token: "")
            #expect(root.status == .serviceUnavailable)
            #expect(root.errorCode == "SEALED")
            #expect(try await api.call("info", [:]).isCFSSLFailure(.serviceUnavailable, code: "SEALED"))
        }
    }

    @Test func infoIsTheSigningCertificateInCFSSLsEnvelope() async throws {
        try await withCAAPI { api in
            let anyone = try await api.user("bob", grants: [])
            let response = try await api.call("info", [:], token: anyone)
            #expect(response.status == .ok)
            #expect(response.json["success"] as? Bool == true)
            #expect((response.json["errors"] as? [Any])?.isEmpty == true)
            #expect((response.json["messages"] as? [Any])?.isEmpty == true)
            #expect(try certificate(response.cfsslResult["certificate"]) == (try await api.root()))
            #expect(response.cfsslResult["expiry"] as? String == "8760h")
            #expect((response.cfsslResult["usages"] as? [String])?.contains("server auth") == true)
        }
    }

    /// The calls with what each needs, and who holds what (contract §8's permission matrix).
    enum Holder: String, CaseIterable, Sendable {
        case nobody, readOnly, readWrite, superuser
    }

    static let calls: [(call: String, needs: Holder)] = [
        ("info", .nobody), ("newkey", .readWrite), ("newcert", .readWrite), ("sign", .readWrite),
        ("bundle", .readOnly), ("certificates", .readOnly),
    ]

    @Test(arguments: calls.map(\.call), Holder.allCases)
    func thePermissionMatrix(_ call: String, _ holder: Holder) async throws {
        try await withCAAPI { api in
            let grants: [String] =
                switch holder {
                case .nobody: []
                case .readOnly: ["dcos:adminrouter:ops:ca:ro"]
                case .readWrite: ["dcos:adminrouter:ops:ca:rw"]
                case .superuser: ["dcos:superuser"]
                }
            let token = try await api.user("carol", grants: grants)
            let response = try await api.call(call, try await Self.validBody(call, api: api), token: token)
            let needs = Self.calls.first { $0.call == call }!.needs
            let allowed =
                switch needs {
                case .nobody: true
                case .readOnly: holder != .nobody
                case .readWrite, .superuser: holder == .readWrite || holder == .superuser
                }
            if allowed {
                #expect(response.status == .ok, "\(call) as \(holder): \(response.text)")
                #expect(response.json["success"] as? Bool == true)
            } else {
                #expect(
                    response.isCFSSLFailure(.forbidden, code: "FORBIDDEN"), "\(call) as \(holder): \(response.text)")
            }
        }
    }

    @Test(arguments: calls.map(\.call))
    func withoutATokenEveryCallIs401InTheEnvelopeWithTheChallenge(_ call: String) async throws {
        try await withCAAPI { api in
            let response = try await api.call(call, [:], token: "")
            #expect(response.isCFSSLFailure(.unauthorized, code: "UNAUTHENTICATED"))
            #expect(response.headers[.wwwAuthenticate] == "acsjwt")
        }
    }

    /// An empty body is the empty object (cfssl clients send `info` without one): a call that needs
    /// fields then answers 400 in the envelope, never 500. (`newkey` needs none.)
    @Test(arguments: ["newcert", "sign", "bundle"])
    func anEmptyBodyIsTheEmptyObject(_ call: String) async throws {
        try await withCAAPI { api in
            let response = try await api.secrets.send(.post, "/ca/api/v2/" + call)
            #expect(response.isCFSSLFailure(.badRequest, code: "BAD_REQUEST"), "\(call): \(response.text)")
        }
    }

    @Test func signingWhileSealedIs503InTheEnvelope() async throws {
        try await withCAAPI { api in
            let csr = try await Self.validBody("sign", api: api)
            api.services.seal.barrier.seal()
            #expect(try await api.call("sign", csr).isCFSSLFailure(.serviceUnavailable, code: "SEALED"))
            #expect(
                try await api.call("newcert", ["request": ["CN": "x"]]).isCFSSLFailure(
                    .serviceUnavailable, code: "SEALED"))
            // The root stays public while sealed.
            #expect(try await api.secrets.send(.get, "/ca/dcos-ca.crt", token: "").status == .ok)
        }
    }

    @Test func newcertIssuesAMatchingKeyAndCertificateForTheHosts() async throws {
        try await withCAAPI { api in
            let response = try await api.call(
                "newcert",
                [
                    "request": [
                        "CN": "spark.example", "hosts": ["spark.example", "10.0.0.7"],
                        "names": [["C": "DE", "O": "Example", "OU": "Data"]], "key": ["algo": "rsa", "size": 2048],
                    ]
                ])
            #expect(response.status == .ok, "\(response.text)")
            let issued = try certificate(response.cfsslResult["certificate"])
            let key = try Certificate.PrivateKey(
                pemEncoded: try #require(response.cfsslResult["private_key"] as? String))
            #expect(key.publicKey == issued.publicKey)
            #expect(
                try CertificateSigningRequest(
                    pemEncoded: try #require(response.cfsslResult["certificate_request"] as? String)
                ).publicKey == issued.publicKey)
            #expect(issued.subject.description.contains("CN=spark.example"))
            #expect(issued.subject.description.contains("O=Example"))
            let names = try #require(try issued.extensions.subjectAlternativeNames)
            #expect(names.contains(.dnsName("spark.example")))
            #expect(names.contains(.ipAddress(ASN1OctetString(contentBytes: [10, 0, 0, 7]))))
            #expect(try issued.extensions.basicConstraints == .notCertificateAuthority)
            let usages = try #require(try issued.extensions.extendedKeyUsage)
            #expect(usages.contains(.serverAuth) && usages.contains(.clientAuth))
            let root = try await api.root()
            #expect(issued.issuer == root.subject)
            #expect(root.publicKey.isValidSignature(issued.signature, for: issued))
            let sums = try #require(response.cfsslResult["sums"] as? [String: [String: String]])
            #expect(sums["certificate"]?["sha-1"]?.count == 40)
            #expect(sums["certificate_request"]?["md5"]?.count == 32)
        }
    }

    @Test func signKeepsTheRequestsNamesWithoutHostsAndReplacesThemWithHosts() async throws {
        try await withCAAPI { api in
            let body = try await Self.validBody("sign", api: api)
            let kept = try certificate(try await api.call("sign", body).cfsslResult["certificate"])
            #expect(try kept.extensions.subjectAlternativeNames == SubjectAlternativeNames([.dnsName("csr.example")]))

            var withHosts = body
            withHosts["hosts"] = ["other.example"]
            withHosts["subject"] = ["CN": "renamed", "names": [["O": "Ops"]]]
            let replaced = try certificate(try await api.call("sign", withHosts).cfsslResult["certificate"])
            #expect(
                try replaced.extensions.subjectAlternativeNames == SubjectAlternativeNames([.dnsName("other.example")]))
            #expect(replaced.subject.description == "CN=renamed,O=Ops")
            #expect(kept.serialNumber != replaced.serialNumber)
        }
    }

    @Test(arguments: [
        "not a CSR",
        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
    ])
    func aRequestThatDoesNotParseIs400(_ pem: String) async throws {
        try await withCAAPI { api in
            let response = try await api.call("sign", ["certificate_request": pem])
            #expect(response.isCFSSLFailure(.badRequest, code: "BAD_REQUEST"))
        }
    }

    @Test func aRequestWhoseSignatureDoesNotVerifyIs400() async throws {
        try await withCAAPI { api in
            let generated = try await api.services.authority.newKey(
                spec: .default, names: CertificateNames(commonName: "x"), hosts: [])
            var serializer = DER.Serializer()
            try serializer.serialize(generated.request)
            var der = serializer.serializedBytes
            // The signature's last byte.
            der[der.count - 1] ^= 0x01
            let pem = PEMDocument(type: "CERTIFICATE REQUEST", derBytes: der).pemString
            let response = try await api.call("sign", ["certificate_request": pem])
            #expect(response.isCFSSLFailure(.badRequest, code: "BAD_REQUEST"), "\(response.text)")
        }
    }

    @Test(arguments: [("rsa", 1024), ("rsa", 3072), ("ecdsa", 512), ("dsa", 2048)])
    func keySizesOutsideCFSSLsListAre400(_ algo: String, _ size: Int) async throws {
        try await withCAAPI { api in
            let response = try await api.call("newkey", ["CN": "x", "key": ["algo": algo, "size": size]])
            #expect(response.isCFSSLFailure(.badRequest, code: "BAD_REQUEST"))
        }
    }

    @Test func everyIssueIsRecordedAndFilteredBySerial() async throws {
        try await withCAAPI { api in
            let first = try certificate(
                try await api.call("newcert", ["request": ["CN": "one"]]).cfsslResult["certificate"])
            _ = try await api.call("newcert", ["request": ["CN": "two"]])
            let all = try #require(
                try await api.call("certificates", [:]).cfsslResult["certificates"] as? [[String: Any]])
            #expect(all.count == 2)
            let serial = IssuedCertificate(first).serial
            #expect(serial.allSatisfy { $0.isASCII && $0.isNumber })
            let one = try #require(
                try await api.call("certificates", ["serial": serial]).cfsslResult["certificates"] as? [[String: Any]])
            #expect(one.count == 1)
            #expect(one.first?["subject"] as? String == "CN=one")
            #expect(one.first?["status"] as? String == "good")
            let notBefore = try #require(one.first?["not_before"] as? String)
            #expect(ISO8601DateFormatter().date(from: notBefore) != nil)
        }
    }

    @Test func bundleIsTheCertificateAndTheRoot() async throws {
        try await withCAAPI { api in
            let issued = try #require(
                try await api.call("newcert", ["request": ["CN": "one"]]).cfsslResult["certificate"] as? String)
            let response = try await api.call("bundle", ["certificate": issued])
            #expect(try certificate(response.cfsslResult["root"]) == (try await api.root()))
            #expect(try certificate(response.cfsslResult["bundle"]) == (try Certificate(pemEncoded: issued)))
            let foreign = try CertificateIssuer.makeRoot(
                commonName: "elsewhere", key: try CAKeySpec.default.generate())
            let refused = try await api.call(
                "bundle", ["certificate": try foreign.certificate.serializeAsPEM().pemString])
            #expect(refused.isCFSSLFailure(.badRequest, code: "BAD_REQUEST"))
        }
    }

    /// A body the call accepts (a CSR of a fresh key for `sign`, an issued certificate for `bundle`).
    static func validBody(_ call: String, api: CAAPIClient) async throws -> [String: Any] {
        switch call {
        case "newkey": return ["CN": "svc", "hosts": ["svc.example"]]
        case "newcert": return ["request": ["CN": "svc", "hosts": ["svc.example"]]]
        case "sign":
            let generated = try await api.services.authority.newKey(
                spec: .default, names: CertificateNames(commonName: "csr"), hosts: ["csr.example"])
            return ["certificate_request": try generated.request.serializeAsPEM().pemString]
        case "bundle":
            let generated = try await api.services.authority.newCertificate(
                spec: .default, names: CertificateNames(commonName: "b"), hosts: [])
            return ["certificate": try #require(generated.certificate).serializeAsPEM().pemString]
        default: return [:]
        }
    }
}
