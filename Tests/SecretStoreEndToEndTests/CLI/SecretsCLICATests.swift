import Foundation
import SecretStoreTesting
import Testing

/// `secrets ca` over HTTPS against the store's CA, checked with openssl and Java's keytool.
@Suite("secrets CLI: ca", .timeLimit(.minutes(4)))
struct SecretsCLICATests {
    /// Logs in as the superuser over HTTPS trusting the store's root by its fingerprint.
    static func logIn(_ cli: CLITestServer, shell: OperatorShell) async throws {
        let fingerprint = try await cli.awaitStoreCertificate(shell: shell)
        try await cli.succeeded(
            [
                "login", "--url", cli.httpsURL, "--uid", CLITestServer.superuser, "--password-stdin",
                "--ca-fingerprint",
                fingerprint,
            ], stdin: cli.superuserPassword + "\n")
    }

    /// `openssl ...`, expected to succeed; its standard output.
    static func openssl(_ shell: OperatorShell, _ arguments: String) async throws -> String {
        let run = try await shell.run("openssl " + arguments)
        #expect(run.status == 0, "openssl \(arguments): \(run.stderr)")
        return run.stdout
    }

    @Test func newcertWritesAKeyAndACertificateTheRootVerifies() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                try await Self.logIn(cli, shell: shell)
                let saved = cli.directory + "/root-by-cli.pem"
                try await cli.succeeded(["ca", "cacert", "--output", saved])
                #expect(
                    FileManager.default.contents(atPath: saved) == FileManager.default.contents(atPath: cli.rootPath))

                let certificate = cli.directory + "/svc.crt"
                let key = cli.directory + "/svc.key"
                let run = try await cli.succeeded(
                    [
                        "ca", "newcert", "--cn", "svc.example", "--host", "svc.example", "--host", "127.0.0.1",
                        "--cert-out", certificate, "--key-out", key,
                    ])
                #expect(!run.stdout.contains("PRIVATE KEY") && !run.stderr.contains("PRIVATE KEY"))
                #expect(cli.mode(key) == 0o600)
                #expect(
                    try await Self.openssl(shell, "verify -CAfile '\(cli.rootPath)' '\(certificate)'").contains(": OK"))
                let fromKey = try await Self.openssl(shell, "pkey -in '\(key)' -pubout")
                let fromCertificate = try await Self.openssl(shell, "x509 -in '\(certificate)' -noout -pubkey")
                #expect(fromKey == fromCertificate, "the key does not match the certificate")
                let text = try await Self.openssl(shell, "x509 -in '\(certificate)' -noout -text")
                #expect(text.contains("DNS:svc.example") && text.contains("IP Address:127.0.0.1"))
                #expect(text.contains("Public-Key: (2048 bit)"))

                let ecdsa = try await cli.succeeded(
                    [
                        "ca", "newcert", "--cn", "ec.example", "--key-algo", "ecdsa", "--key-size", "384",
                        "--cert-out", cli.directory + "/ec.crt", "--key-out", cli.directory + "/ec.key",
                    ])
                #expect(ecdsa.status == 0)
                #expect(
                    try await Self.openssl(shell, "x509 -in '\(cli.directory)/ec.crt' -noout -text").contains(
                        "secp384r1"))
            }
        }
    }

    @Test func thePKCS12KeyStoreLoadsInJava() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                try await Self.logIn(cli, shell: shell)
                let password = "store-\(UUID().uuidString.prefix(8))"
                let store = cli.directory + "/svc.p12"
                let run = try await cli.secrets(
                    [
                        "ca", "newcert", "--cn", "svc.example", "--host", "svc.example", "--cert-out",
                        cli.directory + "/svc.crt", "--key-out", cli.directory + "/svc.key", "--pkcs12", store,
                        "--password-env", "STORE_PASSWORD",
                    ],
                    secrets: [password], environment: ["STORE_PASSWORD": password])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(cli.mode(store) == 0o600)
                let listed = try await shell.run(
                    "STORE_PASSWORD='\(password)' keytool -list -v -storetype PKCS12 -keystore '\(store)' "
                        + "-storepass:env STORE_PASSWORD")
                #expect(listed.status == 0, "keytool: \(listed.stdout) \(listed.stderr)")
                #expect(listed.stdout.contains("Entry type: PrivateKeyEntry"), "\(listed.stdout)")
                #expect(listed.stdout.contains("Certificate chain length: 2"), "\(listed.stdout)")
                #expect(listed.stdout.contains("Owner: CN=svc.example"))
                #expect(listed.stdout.contains("Owner: CN=SecretStore Root CA"))
                let wrong = try await shell.run(
                    "keytool -list -storetype PKCS12 -keystore '\(store)' -storepass wrong-password")
                #expect(wrong.status != 0)

                // --keystore is the same PKCS#12 store; the password may come from a file.
                let passwordFile = try cli.file("store-password", password + "\n")
                let keystore = cli.directory + "/svc.keystore"
                try await cli.succeeded(
                    [
                        "ca", "newcert", "--cn", "ks.example", "--cert-out", cli.directory + "/ks.crt", "--key-out",
                        cli.directory + "/ks.key", "--keystore", keystore, "--password-file", passwordFile,
                    ],
                    confidential: [password])
                let again = try await shell.run(
                    "keytool -list -storetype PKCS12 -keystore '\(keystore)' -storepass '\(password)'")
                #expect(again.status == 0 && again.stdout.contains("PrivateKeyEntry"), "\(again.stdout)")
            }
        }
    }

    @Test func signAndCertificatesListTheSerialsIssued() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                try await Self.logIn(cli, shell: shell)
                let csr = cli.directory + "/app.csr"
                _ = try await Self.openssl(
                    shell,
                    "req -new -newkey rsa:2048 -nodes -keyout '\(cli.directory)/app.key' -out '\(csr)' "
                        + "-subj /CN=app.example 2>/dev/null")
                let signed = cli.directory + "/app.crt"
                try await cli.succeeded(["ca", "sign", csr, "--host", "app.example", "--cert-out", signed])
                #expect(try await Self.openssl(shell, "verify -CAfile '\(cli.rootPath)' '\(signed)'").contains(": OK"))
                #expect(
                    try await Self.openssl(shell, "x509 -in '\(signed)' -noout -ext subjectAltName").contains(
                        "DNS:app.example"))
                try await cli.succeeded(
                    [
                        "ca", "newcert", "--cn", "new.example", "--cert-out", cli.directory + "/new.crt", "--key-out",
                        cli.directory + "/new.key",
                    ])

                var serials: [String] = []
                for file in [signed, cli.directory + "/new.crt"] {
                    let hex = try await Self.openssl(shell, "x509 -in '\(file)' -noout -serial")
                    let decimal = try await shell.run(
                        "echo 'ibase=16; \(hex.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines))' | BC_LINE_LENGTH=0 bc"
                    )
                    serials.append(decimal.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                let listed = try await cli.succeeded(["ca", "certificates"])
                let lines = listed.stdout.split(separator: "\n")
                #expect(lines.first?.hasPrefix("SERIAL") == true)
                for (serial, name) in zip(serials, ["CN=app.example", "CN=new.example"]) {
                    #expect(
                        lines.contains { $0.hasPrefix(serial + " ") && $0.contains(name) },
                        "\(serial) \(name): \(listed.stdout)")
                }
                let one = try await cli.succeeded(["ca", "certificates", "--serial", serials[0], "--json"])
                let entries = try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [[String: Any]]
                #expect(entries?.count == 1)
                #expect(entries?.first?["serial"] as? String == serials[0])
                #expect(entries?.first?["subject"] as? String == "CN=app.example")
            }
        }
    }

    @Test func theCAsRefusalIsReportedWithItsCode() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                try await Self.logIn(cli, shell: shell)
                let password = "carol-\(UUID().uuidString)"
                try await cli.succeeded(
                    ["iam", "user", "create", "carol", "--password-file", try cli.file("carol-password", password)],
                    confidential: [password])
                let carol = cli.directory + "/carol/config.json"
                try await cli.succeeded(
                    [
                        "login", "--url", cli.httpsURL, "--uid", "carol", "--password-stdin", "--ca-cert", cli.rootPath,
                        "--config", carol,
                    ], stdin: password + "\n", confidential: [password])
                let refused = try await cli.secrets(
                    [
                        "ca", "newcert", "--cn", "x", "--cert-out", cli.directory + "/x.crt", "--key-out",
                        cli.directory + "/x.key", "--config", carol,
                    ])
                #expect(refused.status == 1)
                #expect(refused.stderr.hasPrefix("Error: the server answered 403 FORBIDDEN: "), "\(refused.stderr)")
                #expect(!FileManager.default.fileExists(atPath: cli.directory + "/x.key"))
                let listing = try await cli.secrets(["ca", "certificates", "--config", carol])
                #expect(listing.stderr.contains("403 FORBIDDEN"), "\(listing.stderr)")
            }
        }
    }
}
