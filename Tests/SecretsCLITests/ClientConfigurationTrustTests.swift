import Foundation
import Testing

@testable import secrets

/// What a saved login remembers of HTTPS trust, and that files written before it still load.
@Suite struct ClientConfigurationTrustTests {
    @Test func anOldFileTrustsTheSystem() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.create("config.json", #"{"url": "https://store:8443", "uid": "alice", "token": "t"}"#)
        let saved = try ClientConfiguration.load(from: folder("config.json"))
        #expect(saved.trust == .system)
        #expect(saved.caFile == nil && saved.insecure == nil)
    }

    @Test(arguments: [TLSTrust.system, .caFile("/home/a/.config/secrets/config.ca.pem"), .insecure])
    func theTrustSurvivesSaving(trust: TLSTrust) throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let configuration = ClientConfiguration(url: "https://store:8443", uid: "alice", token: "t", trust: trust)
        try configuration.save(to: folder("config.json"))
        #expect(try ClientConfiguration.load(from: folder("config.json")).trust == trust)
        #expect(try folder.mode("config.json") == 0o600)
    }

    @Test func theFileNamesTheTrustAsDocumented() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try ClientConfiguration(url: "https://s", uid: "u", token: "t", trust: .caFile("/c/config.ca.pem"))
            .save(to: folder("a.json"))
        try ClientConfiguration(url: "https://s", uid: "u", token: "t", trust: .insecure).save(to: folder("b.json"))
        let a = try JSONSerialization.jsonObject(with: Data(folder.contents("a.json") ?? [])) as? [String: Any]
        let b = try JSONSerialization.jsonObject(with: Data(folder.contents("b.json") ?? [])) as? [String: Any]
        #expect(a?["ca_file"] as? String == "/c/config.ca.pem")
        #expect(a?["insecure"] == nil)
        #expect(b?["insecure"] as? Bool == true)
        #expect(b?["ca_file"] == nil)
    }

    @Test func anUnsavedRootIsNotRecorded() {
        let configuration = ClientConfiguration(url: "https://s", uid: "u", token: "t", trust: .certificates("PEM"))
        #expect(configuration.trust == .system)
    }

    @Test(arguments: [
        ("/home/a/.config/secrets/config.json", "/home/a/.config/secrets/config.ca.pem"),
        ("/tmp/other.json", "/tmp/other.ca.pem"), ("/tmp/noext", "/tmp/noext.ca.pem"),
    ])
    func theRootIsKeptBesideTheConfiguration(configuration: String, root: String) {
        #expect(ClientConfiguration.caFilePath(forConfiguration: configuration) == root)
    }

    @Test func savingALoginsRootWritesItOwnerOnly() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = try PEMCertificateChain(pem: CertificateFixture.certificate, source: "test")
        let trust = try LoginTrust.root(root).save(besideConfiguration: folder("config.json"))
        #expect(trust == .caFile(folder("config.ca.pem")))
        #expect(try folder.mode("config.ca.pem") == 0o600)
        #expect(folder.contents("config.ca.pem") == Array(CertificateFixture.certificate.utf8))
        #expect(try LoginTrust.insecure.save(besideConfiguration: folder("x.json")) == .insecure)
        #expect(try LoginTrust.system.save(besideConfiguration: folder("x.json")) == .system)
        #expect(!folder.listing().contains("x.ca.pem"))
    }

    @Test func aTrustMakesItsTLSConfiguration() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.create("ca.pem", CertificateFixture.certificate)
        let pinned = try TLSTrust.caFile(folder("ca.pem")).tlsConfiguration
        #expect(pinned.certificateVerification == .fullVerification)
        #expect(pinned.trustRoots != nil && pinned.trustRoots != .default)
        #expect(try TLSTrust.insecure.tlsConfiguration.certificateVerification == .none)
        #expect(try TLSTrust.system.tlsConfiguration.trustRoots == .default)
        #expect(failure { try TLSTrust.caFile(folder("missing.pem")).tlsConfiguration } != nil)
    }
}
