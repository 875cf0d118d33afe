import Foundation
import SecretStoreTesting
import Testing

/// `secrets create|update|get|list|delete|create-sa-secret`: the built CLI against a real
/// `secret-store` process on a real ZooKeeper, checked through the API where it matters.
@Suite("secrets CLI: secrets", .timeLimit(.minutes(3)))
struct SecretsCLISecretTests {
    /// `GET /secrets/v1/secret/default/<path>` with the saved token and `accept`.
    func read(_ cli: CLITestServer, _ path: String, accept: String = "*/*") async throws -> HTTPExchange {
        let token = cli.savedConfiguration()?["token"] as? String ?? ""
        return try await HTTPExchange.send(
            "GET", cli.server.baseURL + "/secrets/v1/secret/default/" + path,
            headers: ["Authorization": "token=\(token)", "Accept": accept])
    }

    /// The JSON object a text secret's `get -j` printed.
    func secretJSON(_ run: CLITestServer.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: run.stdoutBytes) as? [String: Any], "\(run.stdout)")
    }

    /// The JSON array of names a `list -j` printed.
    func names(_ run: CLITestServer.Run) -> [String]? {
        (try? JSONSerialization.jsonObject(with: run.stdoutBytes)) as? [String]
    }

    @Test func textFileRoundTripsWithItsTrailingNewline() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let value = "first line \(UUID().uuidString)\nsecond line: ünïcödé\n"
            let file = try cli.file("value.txt", value)
            let created = try await cli.succeeded(
                ["create", "/app//db/password", "-t", file, "--description", "the db", "--label", "prod"],
                confidential: [value, "first line"])
            #expect(created.stdout == "Created secret app/db/password\n")

            // The value is printed as stored, followed by one newline of the CLI's own.
            let got = try await cli.succeeded(["get", "app/db/password"])
            #expect(got.stdout == value + "\n")
            let json = try secretJSON(try await cli.succeeded(["get", "-j", "app/db/password"]))
            #expect(json["value"] as? String == value)
            #expect(json["description"] as? String == "the db")
            #expect(json["labels"] as? [String] == ["prod"])
            #expect(json["author"] as? String == CLITestServer.superuser)
            #expect(json["created"] is String)

            // --value-file is the same option; the API stores it as a text secret.
            try await cli.succeeded(["create", "app/other", "--value-file", file], confidential: [value])
            let stored = try await read(cli, "app/other")
            #expect(stored.status == 200)
            #expect(stored.headers["content-type"] == "application/json")
            #expect(stored.json["value"] as? String == value)
        }
    }

    @Test func valueOptionsAreCheckedBeforeAnythingIsSent() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "plain", "-v", "a value"])
            #expect(try await cli.succeeded(["get", "plain"]).stdout == "a value\n")

            // None, or more than one, of -v/-t/-f is a usage error (exit 64), as is a bad path.
            let file = try cli.file("v.txt", "text")
            for arguments in [
                ["create", "none"], ["create", "two", "-v", "x", "-t", file],
                ["update", "plain", "-t", file, "-f", file],
                ["create", "a/../b", "-v", "x"], ["create", "bad path", "-v", "x"],
            ] {
                let run = try await cli.secrets(arguments)
                #expect(run.status == 64, "secrets \(arguments.joined(separator: " ")): \(run.stderr)")
            }
            for path in ["none", "two"] { #expect(try await read(cli, path).status == 404) }

            // -t refuses a file that is not UTF-8 and sends nothing.
            let binary = try cli.file("binary.dat", bytes: Data([0xff, 0xfe, 0x00, 0x41]))
            let refused = try await cli.secrets(["create", "not-text", "-t", binary])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("is not UTF-8 text"), "\(refused.stderr)")
            #expect(try await read(cli, "not-text").status == 404)
        }
    }

    @Test func binaryFileRoundTripsByteIdentical() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            // Every byte value, invalid UTF-8, NULs and a trailing newline.
            let bytes = Data((0...255).map { UInt8($0) } + [0xff, 0xfe, 0xc3, 0x28, 0x00, 0x0a])
            let file = try cli.file("keytab", bytes: bytes)
            let created = try await cli.succeeded(["create", "kerberos/keytab", "-f", file])
            #expect(created.stdout == "Created secret kerberos/keytab\n")

            let stored = try await read(cli, "kerberos/keytab")
            #expect(stored.headers["content-type"] == "application/octet-stream")
            #expect(stored.body == bytes)

            // get writes exactly the bytes, nothing added.
            let got = try await cli.succeeded(["get", "kerberos/keytab"])
            #expect(got.stdoutBytes == bytes)
            // A binary secret has no JSON form: the server's 406 is reported.
            let asJSON = try await cli.secrets(["get", "-j", "kerberos/keytab"])
            #expect(asJSON.status == 1)
            #expect(asJSON.stdout.isEmpty)
            #expect(asJSON.stderr.hasPrefix("Error: the server answered 406"), "\(asJSON.stderr)")
        }
    }

    @Test func updateReplacesTheValueOfAnExistingSecretOnly() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "app/token", "-v", "old"])
            let newValue = "new-\(UUID().uuidString)\n"
            let file = try cli.file("new.txt", newValue)
            let updated = try await cli.succeeded(["update", "app/token", "-t", file], confidential: [newValue])
            #expect(updated.stdout == "Updated secret app/token\n")
            #expect(try await cli.succeeded(["get", "app/token"]).stdout == newValue + "\n")

            // Text to binary and back.
            let bytes = Data([0x00, 0x01, 0x02, 0xff])
            try await cli.succeeded(["update", "app/token", "-f", try cli.file("b.dat", bytes: bytes)])
            #expect(try await cli.succeeded(["get", "app/token"]).stdoutBytes == bytes)

            let missing = try await cli.secrets(["update", "app/missing", "-v", "x"])
            #expect(missing.status == 1)
            #expect(missing.stderr.hasPrefix("Error: the server answered 404 NOT_FOUND"), "\(missing.stderr)")
            #expect(try await read(cli, "app/missing").status == 404)
        }
    }

    @Test func listShowsSortedNamesRelativeToThePath() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            for path in ["key1", "folder/key2", "folder/key3", "folder/sub", "folder/sub/key4"] {
                try await cli.succeeded(["create", path, "-v", "value of \(path)"])
            }
            let all = try await cli.succeeded(["list"])
            #expect(all.stdout == "folder/key2\nfolder/key3\nfolder/sub\nfolder/sub/key4\nkey1\n")
            #expect(!all.stdout.contains("value of"))
            #expect(try await cli.succeeded(["list", "folder"]).stdout == "key2\nkey3\nsub\nsub/key4\n")
            #expect(try await cli.succeeded(["list", "/folder/sub/"]).stdout == "key4\n")
            let json = try await cli.succeeded(["list", "-j", "folder"])
            #expect(names(json) == ["key2", "key3", "sub", "sub/key4"])
            // Not a folder: nothing listed, and no error.
            #expect(try await cli.succeeded(["list", "fold"]).stdout.isEmpty)
            #expect(names(try await cli.succeeded(["list", "-j", "fold"])) == [])
        }
    }

    @Test func deleteRemovesOneSecret() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "app/a", "-v", "a"])
            try await cli.succeeded(["create", "app/a/b", "-v", "b"])
            #expect(try await cli.succeeded(["delete", "app/a"]).stdout == "Deleted secret app/a\n")
            #expect(try await read(cli, "app/a").status == 404)
            #expect(try await cli.succeeded(["get", "app/a/b"]).stdout == "b\n")

            let gone = try await cli.secrets(["get", "app/a"])
            #expect(gone.status == 1)
            #expect(gone.stderr.hasPrefix("Error: the server answered 404 NOT_FOUND"), "\(gone.stderr)")
            let again = try await cli.secrets(["delete", "app/a"])
            #expect(again.status == 1)
            #expect(again.stderr.hasPrefix("Error: the server answered 404 NOT_FOUND"), "\(again.stderr)")
        }
    }

    @Test func duplicateCreatePrintsTheServersMessageAndKeepsTheValue() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.succeeded(["create", "app/once", "-v", "first"])
            let second = "second-\(UUID().uuidString)"
            let run = try await cli.secrets(
                ["create", "app/once", "-t", try cli.file("second.txt", second)], secrets: [second])
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.hasPrefix("Error: the server answered 409 ALREADY_EXISTS"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(try await cli.succeeded(["get", "app/once"]).stdout == "first\n")
        }
    }

    @Test func createSASecretStoresTheContractCredential() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let keyFile = JWTFixtures.directory.appendingPathComponent("service-account.key.pem").path
            let pem = try String(contentsOfFile: keyFile, encoding: .utf8)
            let run = try await cli.succeeded(
                ["create-sa-secret", keyFile, "deployer", "/services/deployer/sa"], confidential: [pem])
            #expect(!run.stdout.contains("PRIVATE KEY"))

            let secret = try secretJSON(try await cli.succeeded(["get", "-j", "services/deployer/sa"]))
            let value = try #require(secret["value"] as? String)
            let credential = try #require(try JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any])
            #expect(credential.keys.sorted() == ["login_endpoint", "private_key", "scheme", "uid"])
            #expect(credential["login_endpoint"] as? String == cli.server.baseURL + "/acs/api/v1/auth/login")
            #expect(credential["private_key"] as? String == pem)
            #expect(credential["scheme"] as? String == "RS256")
            #expect(credential["uid"] as? String == "deployer")

            // Another login endpoint on request; --strict refuses one that is not https.
            try await cli.succeeded(
                [
                    "create-sa-secret", keyFile, "deployer", "sa2", "--login-endpoint",
                    "https://leader.mesos/acs/api/v1/auth/login",
                ])
            let other = try secretJSON(try await cli.succeeded(["get", "-j", "sa2"]))
            let otherCredential = try JSONSerialization.jsonObject(with: Data((other["value"] as? String ?? "").utf8))
            #expect(
                (otherCredential as? [String: Any])?["login_endpoint"] as? String
                    == "https://leader.mesos/acs/api/v1/auth/login")
            let strict = try await cli.secrets(["create-sa-secret", "--strict", keyFile, "deployer", "sa3"])
            #expect(strict.status == 1)
            #expect(strict.stderr.contains("https"), "\(strict.stderr)")
            #expect(try await read(cli, "sa3").status == 404)

            // A file that is no RSA private key is refused before anything is sent.
            let publicKey = JWTFixtures.directory.appendingPathComponent("service-account.pub.pem").path
            let refused = try await cli.secrets(["create-sa-secret", publicKey, "deployer", "sa4"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("is not a PEM RSA private key"), "\(refused.stderr)")
            #expect(try await read(cli, "sa4").status == 404)
        }
    }
}
