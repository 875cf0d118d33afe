import Foundation
import SecretStoreTesting
import Testing

/// The README's launch example, step by step, with the fixtures of `Fixtures/spark`: a Java key
/// store and trust store (binary, `-f`) and three passwords (`-v`) under `spark/`, launched through
/// `secrets exec --app-definition` for the app `/spark` (files byte-identical, passwords in the
/// environment) and for `/other` (refused: nothing written, nothing run).
@Suite("Launch example end to end", .timeLimit(.minutes(4)))
struct LaunchExampleEndToEndTests {
    static let fixtures = RepositoryFixtures.folder("spark").path

    /// The example's passwords, from `Fixtures/spark/passwords`.
    static func passwords() throws -> [String: String] {
        let text = try String(contentsOfFile: fixtures + "/passwords", encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map(String.init)
            if parts.count == 2 { values[parts[0]] = parts[1] }
        }
        return values
    }

    @Test func theSparkAppGetsItsStoresAndPasswordsAndOtherGetsNothing() async throws {
        let passwords = try Self.passwords()
        let keystore = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/keystore.jks"))
        let truststore = try Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/truststore.jks"))
        #expect(keystore.prefix(4) == Data([0xFE, 0xED, 0xFE, 0xED]), "a JKS key store")
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            // The README's commands, as an operator types them.
            for (path, file) in [("spark/keystore", "keystore.jks"), ("spark/truststore", "truststore.jks")] {
                let run = try await cli.secrets(["create", path, "-f", Self.fixtures + "/" + file])
                #expect(run.status == 0, "\(run.stderr)")
            }
            for (path, name) in [
                ("spark/keystore-password", "KEYSTORE_PASSWORD"), ("spark/truststore-password", "TRUSTSTORE_PASSWORD"),
                ("spark/key-password", "KEY_PASSWORD"),
            ] {
                let run = try await cli.secrets(["create", path, "-v", try #require(passwords[name])])
                #expect(run.status == 0, "\(run.stderr)")
            }

            // /spark: the command runs in the sandbox with the files in place and the passwords set;
            // it checks them itself and reports what it saw through files of its own.
            let sandbox = cli.directory + "/spark-sandbox"
            try FileManager.default.createDirectory(atPath: sandbox, withIntermediateDirectories: true)
            let check = """
                cd "$0" && printf %s "$SPARK_SSL_KEYSTORE_PASSWORD" > seen-keystore-password \
                && printf %s "$SPARK_SSL_TRUSTSTORE_PASSWORD" > seen-truststore-password \
                && printf %s "$SPARK_SSL_KEY_PASSWORD" > seen-key-password \
                && printf %s "$SPARK_SSL_ENABLED" > seen-plain-variable \
                && keytool -list -storetype JKS -keystore ssl/keystore.jks -storepass:env SPARK_SSL_KEYSTORE_PASSWORD > keytool.out
                """
            let launched = try await cli.secrets(
                [
                    "exec", "--app-definition", Self.fixtures + "/app-spark.json", "--sandbox", sandbox, "--", "sh",
                    "-c", check, sandbox,
                ],
                secrets: Array(passwords.values))
            #expect(launched.status == 0, "\(launched.stderr)")
            #expect(FileManager.default.contents(atPath: sandbox + "/ssl/keystore.jks") == keystore)
            #expect(FileManager.default.contents(atPath: sandbox + "/ssl/truststore.jks") == truststore)
            let mode =
                try FileManager.default.attributesOfItem(atPath: sandbox + "/ssl/keystore.jks")[.posixPermissions]
                as? Int
            #expect(mode == 0o400)
            func seen(_ name: String) -> String? {
                FileManager.default.contents(atPath: sandbox + "/" + name).map { String(decoding: $0, as: UTF8.self) }
            }
            #expect(seen("seen-keystore-password") == passwords["KEYSTORE_PASSWORD"])
            #expect(seen("seen-truststore-password") == passwords["TRUSTSTORE_PASSWORD"])
            #expect(seen("seen-key-password") == passwords["KEY_PASSWORD"])
            // Marathon's plain variables are Marathon's business, not the launcher's.
            #expect(seen("seen-plain-variable") == "")
            // keytool opened the delivered key store with the delivered password.
            #expect(seen("keytool.out")?.contains("spark") == true)

            // /other names the same secrets: refused, nothing written, the command never runs.
            let otherSandbox = cli.directory + "/other-sandbox"
            try FileManager.default.createDirectory(atPath: otherSandbox, withIntermediateDirectories: true)
            let marker = otherSandbox + "/ran"
            let refused = try await cli.secrets(
                [
                    "exec", "--app-definition", Self.fixtures + "/app-other.json", "--sandbox", otherSandbox, "--",
                    "touch", marker,
                ],
                secrets: Array(passwords.values))
            #expect(refused.status != 0)
            #expect(try FileManager.default.contentsOfDirectory(atPath: otherSandbox).isEmpty)
            for path in [
                "spark/keystore", "spark/truststore", "spark/keystore-password", "spark/truststore-password",
                "spark/key-password",
            ] {
                #expect(refused.stderr.contains(path), "\(path) not named: \(refused.stderr)")
            }

            // The deploy-time check says the same, in Marathon's words.
            let valid = try await cli.secrets(["validate-app", Self.fixtures + "/app-spark.json"])
            #expect(valid.status == 0, "\(valid.stderr)")
            let invalid = try await cli.secrets(["validate-app", Self.fixtures + "/app-other.json"])
            #expect(invalid.status != 0)
            #expect((invalid.stdout + invalid.stderr).contains("Secret spark/keystore is not accessible"))
        }
    }
}
