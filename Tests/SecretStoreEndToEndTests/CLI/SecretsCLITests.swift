import Foundation
import SecretStoreTesting
import Testing

/// The built `secrets` executable against a real `secret-store` process on a real ZooKeeper.
@Suite("secrets CLI", .timeLimit(.minutes(3)))
struct SecretsCLITests {
    /// The permission bits of `path`.
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// The lines of a table, with each run of spaces between columns made one space.
    func rows(_ output: String) -> [String] {
        output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }

    @Test func loginWithPasswordFileSavesAnOwnerOnlyTokenTheServerAccepts() async throws {
        try await CLITestServer.with { cli in
            let passwordFile = try cli.file("password", cli.superuserPassword + "\n")
            let run = try await cli.secrets([
                "login", "--url", cli.server.baseURL + "/", "--uid", CLITestServer.superuser,
                "--password-file", passwordFile,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(
                run.stdout
                    == "Logged in to \(cli.server.baseURL) as bootstrapuser (token saved in \(cli.configPath))\n")

            #expect(try mode(cli.configPath) == 0o600)
            #expect(try mode(URL(fileURLWithPath: cli.configPath).deletingLastPathComponent().path) == 0o700)
            let saved = try #require(cli.savedConfiguration())
            #expect(saved["url"] as? String == cli.server.baseURL)
            #expect(saved["uid"] as? String == CLITestServer.superuser)
            let token = try #require(saved["token"] as? String)
            #expect(try await cli.api("GET", "/acs/api/v1/users", token: token).status == 200)
            #expect(try await cli.api("GET", "/acs/api/v1/users", token: "not-a-token").status == 401)
            // No temporary file is left next to the configuration.
            let folder = URL(fileURLWithPath: cli.configPath).deletingLastPathComponent().path
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["config.json"])
        }
    }

    @Test func wrongPasswordExitsOneWithAMessageAndWritesNothing() async throws {
        try await CLITestServer.with { cli in
            let wrong = "wrong-\(UUID().uuidString)"
            let run = try await cli.secrets(
                ["login", "--url", cli.server.baseURL, "--uid", CLITestServer.superuser, "--password-stdin"],
                stdin: wrong + "\n", secrets: [wrong])
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(
                run.stderr.hasPrefix("Error: the server answered 401 UNAUTHENTICATED: login failed"), "\(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cli.configPath))

            let notLoggedIn = try await cli.secrets(["iam", "user", "list"])
            #expect(notLoggedIn.status == 1)
            #expect(notLoggedIn.stderr.contains("not logged in"), "\(notLoggedIn.stderr)")
        }
    }

    @Test func iamChangesAreVisibleThroughTheAPI() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let alicePassword = "alice-\(UUID().uuidString)"
            let passwordFile = try cli.file("alice-password", alicePassword)
            func ok(_ arguments: [String], stdin: String? = nil) async throws -> String {
                let run = try await cli.secrets(arguments, stdin: stdin, secrets: [alicePassword])
                #expect(run.status == 0, "secrets \(arguments.joined(separator: " ")): \(run.stderr)")
                return run.stdout
            }

            _ = try await ok([
                "iam", "user", "create", "alice", "--description", "Alice", "--password-file", passwordFile,
            ])
            _ = try await ok(["iam", "group", "create", "ops", "--description", "Operators"])
            _ = try await ok(["iam", "group", "add-user", "ops", "alice"])
            _ = try await ok(["iam", "acl", "create", "dcos:secrets:default:/db/pw", "--description", "the password"])
            // The ACL exists: grant goes on. The next one creates its ACL.
            _ = try await ok(["iam", "grant", "dcos:secrets:default:/db/pw", "read", "--group", "ops"])
            _ = try await ok(["iam", "grant", "dcos:secrets:default:/app/*", "full", "--user", "alice"])
            #expect(rows(try await ok(["iam", "user", "list"])).contains("alice Alice"))
            #expect(rows(try await ok(["iam", "group", "list"])).contains("ops Operators"))

            let permissions = try await cli.api("GET", "/acs/api/v1/users/alice/permissions")
            #expect(permissions.status == 200)
            let direct = try #require(permissions.json["direct"] as? [[String: Any]])
            let viaGroups = try #require(permissions.json["groups"] as? [[String: Any]])
            #expect(direct.map { $0["rid"] as? String } == ["dcos:secrets:default:/app/*"])
            #expect(viaGroups.map { $0["rid"] as? String } == ["dcos:secrets:default:/db/pw"])
            #expect(viaGroups.map { $0["gid"] as? String } == ["ops"])
            let acls = try #require(try await cli.api("GET", "/acs/api/v1/acls").json["array"] as? [[String: Any]])
            #expect(
                acls.contains {
                    $0["rid"] as? String == "dcos:secrets:default:/db/pw"
                        && $0["description"] as? String == "the password"
                })
            let shown = rows(try await ok(["iam", "user", "permissions", "alice"]))
            #expect(
                shown == [
                    "RID ACTIONS GRANTED TO", "dcos:secrets:default:/app/* full alice",
                    "dcos:secrets:default:/db/pw read group ops",
                ])

            // Alice logs in with the password the CLI set, into a configuration of her own.
            let aliceConfig = cli.directory + "/alice.json"
            _ = try await ok(
                ["login", "--url", cli.server.baseURL, "--uid", "alice", "--password-stdin", "--config", aliceConfig],
                stdin: alicePassword + "\n")
            #expect(cli.savedConfiguration(at: aliceConfig)?["uid"] as? String == "alice")

            _ = try await ok(["iam", "revoke", "dcos:secrets:default:/db/pw", "read", "--group", "ops"])
            _ = try await ok(["iam", "revoke", "dcos:secrets:default:/app/*", "full", "--user", "alice"])
            let revoked = try await cli.api("GET", "/acs/api/v1/users/alice/permissions")
            #expect((revoked.json["direct"] as? [Any])?.isEmpty == true)
            #expect((revoked.json["groups"] as? [Any])?.isEmpty == true)
            let again = try await cli.secrets([
                "iam", "revoke", "dcos:secrets:default:/db/pw", "read", "--group", "ops",
            ])
            #expect(again.status == 1)
            #expect(again.stderr.hasPrefix("Error: the server answered 400"), "\(again.stderr)")

            _ = try await ok(["iam", "group", "remove-user", "ops", "alice"])
            #expect((try await cli.api("GET", "/acs/api/v1/groups/ops/users").json["array"] as? [Any])?.isEmpty == true)
            _ = try await ok(["iam", "group", "delete", "ops"])
            #expect(try await cli.api("GET", "/acs/api/v1/groups/ops").status == 404)
            _ = try await ok(["iam", "user", "delete", "alice"])
            #expect(try await cli.api("GET", "/acs/api/v1/users/alice").status == 400)

            let exists = try await cli.secrets(["iam", "group", "create", "superusers"])
            #expect(exists.status == 1)
            #expect(exists.stderr.hasPrefix("Error: the server answered 409 ALREADY_EXISTS"), "\(exists.stderr)")
        }
    }

    @Test func serviceAccountLogsInWithItsPrivateKey() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let publicKey = JWTFixtures.directory.appendingPathComponent("service-account.pub.pem").path
            let privateKey = JWTFixtures.directory.appendingPathComponent("service-account.key.pem").path
            let strangerKey = JWTFixtures.directory.appendingPathComponent("stranger.key.pem").path
            var run = try await cli.secrets(
                ["iam", "service-account", "create", "deployer", "--public-key", publicKey, "--description", "CI"])
            #expect(run.status == 0, "\(run.stderr)")
            run = try await cli.secrets(["iam", "service-account", "list"])
            #expect(rows(run.stdout) == ["UID DESCRIPTION", "deployer CI"])
            #expect(!(try await cli.secrets(["iam", "user", "list"]).stdout.contains("deployer")))
            run = try await cli.secrets(["iam", "group", "add-user", "superusers", "deployer"])
            #expect(run.status == 0, "\(run.stderr)")

            let config = cli.directory + "/deployer.json"
            run = try await cli.secrets([
                "login", "--url", cli.server.baseURL, "--uid", "deployer", "--private-key", privateKey, "--config",
                config,
            ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try mode(config) == 0o600)
            let token = try #require(cli.savedConfiguration(at: config)?["token"] as? String)
            #expect(!run.stdout.contains(token))
            #expect(try await cli.api("GET", "/acs/api/v1/users", token: token).status == 200)

            // A key pair made by the CLI works the same way.
            let newPrivate = cli.directory + "/new.key.pem"
            let newPublic = cli.directory + "/new.pub.pem"
            run = try await cli.secrets(["iam", "service-account", "keypair", newPrivate, newPublic])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try mode(newPrivate) == 0o600)
            run = try await cli.secrets(["iam", "service-account", "create", "builder", "--public-key", newPublic])
            #expect(run.status == 0, "\(run.stderr)")
            run = try await cli.secrets([
                "login", "--url", cli.server.baseURL, "--uid", "builder", "--private-key", newPrivate, "--config",
                cli.directory + "/builder.json",
            ])
            #expect(run.status == 0, "\(run.stderr)")

            // A key nobody registered for the account is refused.
            run = try await cli.secrets([
                "login", "--url", cli.server.baseURL, "--uid", "deployer", "--private-key", strangerKey, "--config",
                cli.directory + "/refused.json",
            ])
            #expect(run.status == 1)
            #expect(run.stderr.contains("401 UNAUTHENTICATED"), "\(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/refused.json"))

            run = try await cli.secrets(["iam", "service-account", "delete", "deployer"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(try await cli.api("GET", "/acs/api/v1/users/deployer").status == 400)
        }
    }
}
