import ArgumentParser
import Foundation
import SecretStoreWire
import Testing

@testable import secrets

/// The options of `secrets ca` and of `login`'s HTTPS trust, checked before anything is sent.
@Suite struct CACommandArgumentTests {
    static let outputs = ["--cert-out", "c.pem", "--key-out", "k.pem"]

    @Test func newcertSendsCFSSLsBody() throws {
        let command = try CANewCertCommand.parse(
            ["--cn", "spark", "--host", "spark.example", "--host", "10.0.0.1"] + Self.outputs)
        #expect(
            command.request
                == CANewCertBody(
                    request: CertificateNameRequest(
                        commonName: "spark", hosts: ["spark.example", "10.0.0.1"],
                        key: CertificateNameRequest.Key(algo: "rsa", size: 2048))))
        let ecdsa = try CANewCertCommand.parse(["--cn", "x", "--key-algo", "ecdsa"] + Self.outputs)
        #expect(ecdsa.request.request.key == CertificateNameRequest.Key(algo: "ecdsa", size: 256))
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(command.request)) as? [String: Any]
        let request = try #require(encoded?["request"] as? [String: Any])
        #expect(request["CN"] as? String == "spark")
        #expect((request["key"] as? [String: Any])?["algo"] as? String == "rsa")
    }

    @Test(arguments: [
        (["--key-algo", "dsa"], "--key-algo must be rsa or ecdsa"),
        (["--key-size", "1024"], "--key-size for rsa must be one of 2048, 4096, 8192"),
        (["--key-algo", "ecdsa", "--key-size", "2048"], "--key-size for ecdsa must be one of 256, 384, 521"),
        (["--pkcs12", "a.p12"], "a key store needs --password-file FILE or --password-env VAR"),
        (["--pkcs12", "a.p12", "--keystore", "b.p12", "--password-env", "P"], "give --pkcs12 or --keystore, not both"),
        (["--password-env", "P"], "--password-file and --password-env are for --pkcs12 or --keystore"),
        (
            ["--keystore", "a", "--password-env", "P", "--password-file", "f"],
            "give --password-file or --password-env, not both"
        ),
        (["--pkcs12", "k.pem", "--password-env", "P"], "the output files must differ"),
    ])
    func newcertRefusesBadOptions(extra: [String], message: String) {
        let error = failure { try CANewCertCommand.parse(["--cn", "x"] + Self.outputs + extra) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test func newcertTakesAKeystoreAsPKCS12() throws {
        let command = try CANewCertCommand.parse(
            ["--cn", "x", "--keystore", "s.p12", "--password-env", "P"] + Self.outputs)
        #expect(command.keyStorePath == "s.p12")
    }

    @Test(arguments: [["--serial", "12a"], ["--serial", ""], ["--serial=-1"], ["--serial", "١٢"]])
    func certificatesTakesOnlyDecimalSerials(arguments: [String]) {
        #expect(failure { try CACertificatesCommand.parse(arguments) }?.contains("decimal serial") == true)
    }

    @Test func certificatesSendsItsFilter() throws {
        let command = try CACertificatesCommand.parse(["--serial", "1234", "--expired", "--json"])
        #expect(command.serial == "1234" && command.expired && command.json)
    }

    @Test(arguments: [
        (["--ca-cert", "a.pem", "--insecure"], "give one of --ca-cert, --ca-fingerprint and --insecure"),
        (["--ca-cert", "a.pem", "--ca-fingerprint", CertificateFixture.fingerprint], "give one of"),
        (["--ca-fingerprint", "AB:CD"], "--ca-fingerprint must be a SHA-256 fingerprint"),
    ])
    func loginTrustOptionsAreExclusive(arguments: [String], message: String) {
        let error = failure { try LoginTrustOptions.parse(arguments) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test func trustOptionsAreForHTTPSOnly() async throws {
        let options = try LoginTrustOptions.parse(["--insecure"])
        await #expect(throws: ValidationError.self) {
            try await options.establish(url: "http://127.0.0.1:1337", saved: nil)
        }
        let none = try LoginTrustOptions.parse([])
        guard case .system = try await none.establish(url: "http://127.0.0.1:1337", saved: nil) else {
            Issue.record("plain http needs no trust")
            return
        }
    }

    @Test func aCACertFileIsTrustedWithoutAQuestion() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.create("root.pem", CertificateFixture.certificate)
        let options = try LoginTrustOptions.parse(["--ca-cert", folder("root.pem")])
        guard case .root(let root) = try await options.establish(url: "https://store:8443", saved: nil) else {
            Issue.record("not the file's root")
            return
        }
        #expect(root.pem == CertificateFixture.certificate)
        try folder.create("key.pem", CertificateFixture.privateKey)
        let key = try LoginTrustOptions.parse(["--ca-cert", folder("key.pem")])
        await #expect(throws: CLIError.self) { try await key.establish(url: "https://store:8443", saved: nil) }
    }

    @Test func aNewLoginToTheSameStoreKeepsItsSavedRoot() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try folder.create("config.ca.pem", CertificateFixture.certificate)
        let saved = ClientConfiguration(
            url: "https://store:8443/", uid: "u", token: "t", trust: .caFile(folder("config.ca.pem")))
        // No server answers at store:8443: the saved root is used without fetching one.
        guard
            case .root(let root) = try await LoginTrustOptions.parse([]).establish(
                url: "https://store:8443", saved: saved)
        else {
            Issue.record("the saved root was not kept")
            return
        }
        #expect(root.pem == CertificateFixture.certificate)
    }
}
