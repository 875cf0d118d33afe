import Foundation
import SecretStoreTesting
import Testing

/// `secrets login` over HTTPS, as `dcos cluster setup` trusts a cluster: the store's root accepted
/// by its fingerprint (on standard input or `--ca-fingerprint`) or given with `--ca-cert`, kept
/// beside the saved login and used by every later command; `--insecure` only when asked for; any
/// other certificate refused.
@Suite("secrets CLI: HTTPS trust", .timeLimit(.minutes(4)))
struct SecretsCLIHTTPSTests {
    @Test func theRootIsTrustedOnlyOnceItsFingerprintIsAccepted() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                let fingerprint = try await cli.awaitStoreCertificate(shell: shell)

                let refused = try await cli.logInOverHTTPS(answer: "no")
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("SHA-256 fingerprint: \(fingerprint)"), "\(refused.stderr)")
                #expect(refused.stderr.contains("Subject: CN=SecretStore Root CA"), "\(refused.stderr)")
                #expect(refused.stderr.contains("Trust this certificate? [yes/no]"))
                #expect(refused.stderr.contains("was not trusted: not logged in"), "\(refused.stderr)")
                #expect(!FileManager.default.fileExists(atPath: cli.configPath))
                #expect(!FileManager.default.fileExists(atPath: cli.savedRootPath))

                let accepted = try await cli.logInOverHTTPS(answer: "yes")
                #expect(accepted.status == 0, "\(accepted.stderr)")
                #expect(accepted.stderr.contains(fingerprint))
                let saved = try #require(cli.savedConfiguration())
                #expect(saved["url"] as? String == cli.httpsURL)
                #expect(saved["ca_file"] as? String == cli.savedRootPath)
                #expect(saved["insecure"] == nil)
                #expect(cli.mode(cli.savedRootPath) == 0o600)
                #expect(
                    FileManager.default.contents(atPath: cli.savedRootPath)
                        == FileManager.default.contents(atPath: cli.rootPath))

                // Later commands use the saved trust, over HTTPS.
                try await cli.succeeded(["create", "tls/one", "-v", "value-one"])
                let listed = try await cli.succeeded(["list", "tls"])
                #expect(listed.stdout == "one\n")
                let root = try await cli.succeeded(["ca", "cacert"])
                #expect(Data(root.stdout.utf8) == FileManager.default.contents(atPath: cli.rootPath))

                // No answer at all: nothing trusted.
                let silent = try await cli.secrets(
                    [
                        "login", "--url", cli.httpsURL, "--uid", CLITestServer.superuser, "--password-file",
                        "/dev/null",
                        "--config", cli.directory + "/silent.json",
                    ])
                #expect(silent.status == 1)
                #expect(silent.stderr.contains("no answer on standard input"), "\(silent.stderr)")
            }
        }
    }

    @Test func aCAFileOrTheRightFingerprintNeedsNoQuestion() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                let fingerprint = try await cli.awaitStoreCertificate(shell: shell)

                let wrong = String(repeating: "AB:", count: 31) + "AB"
                let mismatch = try await cli.logInOverHTTPS(["--ca-fingerprint", wrong])
                #expect(mismatch.status == 1)
                #expect(mismatch.stderr.contains("has the SHA-256 fingerprint \(fingerprint), not \(wrong)"))
                #expect(!mismatch.stderr.contains("Trust this certificate?"))
                #expect(!FileManager.default.fileExists(atPath: cli.configPath))

                let plain = fingerprint.replacingOccurrences(of: ":", with: "").lowercased()
                let matching = try await cli.logInOverHTTPS(["--ca-fingerprint", plain])
                #expect(matching.status == 0, "\(matching.stderr)")
                #expect(!matching.stderr.contains("Trust this certificate?"))
                #expect(cli.savedConfiguration()?["ca_file"] as? String == cli.savedRootPath)

                let other = cli.directory + "/other/config.json"
                let withFile = try await cli.logInOverHTTPS(["--ca-cert", cli.rootPath], config: other)
                #expect(withFile.status == 0, "\(withFile.stderr)")
                #expect(!withFile.stderr.contains("Trust this certificate?"))
                let copied = cli.directory + "/other/config.ca.pem"
                #expect(cli.savedConfiguration(at: other)?["ca_file"] as? String == copied)
                #expect(
                    FileManager.default.contents(atPath: copied) == FileManager.default.contents(atPath: cli.rootPath))
                try await cli.succeeded(["list", "--config", other])

                // A CA file that is not the store's: the store's certificate is refused.
                let stranger = try await shell.selfSigned("stranger")
                let refused = try await cli.logInOverHTTPS(["--ca-cert", stranger.certificate], config: other)
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("not signed by a trusted CA"), "\(refused.stderr)")
            }
        }
    }

    @Test func insecureIsExplicitAndRemembered() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                try await cli.awaitStoreCertificate(shell: shell)
                let run = try await cli.logInOverHTTPS(["--insecure"])
                #expect(run.status == 0, "\(run.stderr)")
                #expect(run.stderr.contains("warning: --insecure"), "\(run.stderr)")
                #expect(!run.stderr.contains("Trust this certificate?"))
                let saved = try #require(cli.savedConfiguration())
                #expect(saved["insecure"] as? Bool == true)
                #expect(saved["ca_file"] == nil)
                #expect(!FileManager.default.fileExists(atPath: cli.savedRootPath))
                try await cli.succeeded(["list"])

                // Trust options are for https URLs only.
                let plain = try await cli.secrets(
                    [
                        "login", "--url", cli.server.baseURL, "--uid", CLITestServer.superuser, "--password-stdin",
                        "--insecure",
                    ], stdin: cli.superuserPassword + "\n")
                #expect(plain.status != 0)
                #expect(plain.stderr.contains("are for https URLs"), "\(plain.stderr)")
            }
        }
    }

    @Test func aServerOutsideTheSavedTrustIsRefused() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                let fingerprint = try await cli.awaitStoreCertificate(shell: shell)
                try await cli.succeeded(
                    [
                        "login", "--url", cli.httpsURL, "--uid", CLITestServer.superuser, "--password-stdin",
                        "--ca-fingerprint", fingerprint,
                    ], stdin: cli.superuserPassword + "\n")

                // A certificate of another CA.
                let stranger = try await shell.selfSigned("stranger")
                let foreign = try await OpenSSLTestServer.start(
                    certificate: stranger.certificate, key: stranger.key, in: cli.directory)
                defer { foreign.stop() }
                let refused = try await cli.secrets(["list", "--url", "https://127.0.0.1:\(foreign.port)"])
                #expect(refused.status == 1)
                #expect(refused.stderr.contains("not signed by a trusted CA"), "\(refused.stderr)")
                #expect(refused.stderr.contains("trusting the CA certificate \(cli.savedRootPath)"))

                // The store's own CA, but for another host name.
                let elsewhere = cli.directory + "/elsewhere"
                try await cli.succeeded(
                    [
                        "ca", "newcert", "--cn", "elsewhere.example", "--host", "elsewhere.example", "--cert-out",
                        elsewhere + ".crt", "--key-out", elsewhere + ".key",
                    ])
                let misnamed = try await OpenSSLTestServer.start(
                    certificate: elsewhere + ".crt", key: elsewhere + ".key", in: cli.directory)
                defer { misnamed.stop() }
                let wrongName = try await cli.secrets(["list", "--url", "https://127.0.0.1:\(misnamed.port)"])
                #expect(wrongName.status == 1)
                #expect(wrongName.stderr.contains("not for this host name"), "\(wrongName.stderr)")
            }
        }
    }
}
