import Foundation
import SecretStoreTesting
import Testing

/// `secrets exec` and `secrets validate-app`: the built CLI launching commands with secrets from a
/// real `secret-store` process on a real ZooKeeper.
@Suite("secrets CLI: exec and validate-app", .timeLimit(.minutes(4)))
struct SecretsCLIExecTests {
    /// Every byte value, NULs, invalid UTF-8 and a trailing newline.
    static let keystore = Data((0...255).map { UInt8($0) } + [0x00, 0xff, 0xc3, 0x28, 0x0a])

    /// A shell command writing the variables `names` to files of the same names in the sandbox.
    static func dump(_ names: [String]) -> [String] {
        ["sh", "-c", names.map { #"printf '%s' "$\#($0)" > "$MESOS_SANDBOX/\#($0).out""# }.joined(separator: "; ")]
    }

    @Test func variablesAndFilesAreDeliveredByteIdentical() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let password = "pw-\(UUID().uuidString)\nsecond line ünïcödé"
            try await cli.createSecret("spark/db-password", text: password)
            try await cli.createSecret("spark/keystore", bytes: Self.keystore)
            try await cli.createSecret("spark/__dcos_base64__cert", text: Self.keystore.base64EncodedString())
            try await cli.createSecret("shared", text: "open to every service")
            let token = "token-\(UUID().uuidString)"
            try await cli.createSecret("spark/__dcos_base64__token", text: Data(token.utf8).base64EncodedString())
            let sandbox = try cli.folder("sandbox")
            let run = try await cli.secrets(
                [
                    "exec", "--space", "/spark/driver", "--env", "DB_PASSWORD=/spark//db-password", "--env",
                    "SHARED=shared", "--env", "TOKEN=spark/__dcos_base64__token", "--file",
                    "conf/keystore.jks=spark/keystore", "--file", sandbox + "/cert.der=spark/__dcos_base64__cert",
                    "--",
                ] + Self.dump(["DB_PASSWORD", "SHARED", "TOKEN", "INHERITED"]),
                secrets: [password, token], environment: ["MESOS_SANDBOX": sandbox, "INHERITED": "kept"])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.isEmpty)
            #expect(FileManager.default.contents(atPath: sandbox + "/DB_PASSWORD.out") == Data(password.utf8))
            #expect(FileManager.default.contents(atPath: sandbox + "/SHARED.out") == Data("open to every service".utf8))
            #expect(FileManager.default.contents(atPath: sandbox + "/TOKEN.out") == Data(token.utf8))
            #expect(FileManager.default.contents(atPath: sandbox + "/INHERITED.out") == Data("kept".utf8))
            #expect(FileManager.default.contents(atPath: sandbox + "/conf/keystore.jks") == Self.keystore)
            #expect(FileManager.default.contents(atPath: sandbox + "/cert.der") == Self.keystore)
            #expect(cli.mode(sandbox + "/conf/keystore.jks") == 0o400)
            #expect(cli.mode(sandbox + "/cert.der") == 0o400)
            #expect(cli.mode(sandbox + "/conf") == 0o700)
            #expect(
                cli.listing(sandbox) == [
                    "DB_PASSWORD.out", "INHERITED.out", "SHARED.out", "TOKEN.out", "cert.der", "conf",
                    "conf/keystore.jks",
                ])
        }
    }

    @Test func deniedOrMissingSecretsStopTheLaunchBeforeAnythingIsWritten() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.createSecret("app/a", text: "a-value")
            try await cli.createSecret("app/c", text: "c-value")
            try await cli.createSecret("other/b", text: "b-value")
            let sandbox = try cli.folder("sandbox")
            let marker = cli.directory + "/ran"
            let run = try await cli.secrets(
                [
                    "exec", "--space", "/app", "--env", "A=app/a", "--file", "f=other/b", "--env", "M=app/missing",
                    "--file", "g/h=app/a", "--", "sh", "-c", #"touch "$0""#, marker,
                ], secrets: ["a-value", "b-value"], environment: ["MESOS_SANDBOX": sandbox])
            // One line per path, in request order (the --env options come first).
            #expect(run.status == 1)
            #expect(
                run.stderr
                    == "secrets exec: Secret app/missing does not exist\nsecrets exec: Secret other/b is not accessible from /app\n"
            )
            #expect(cli.listing(sandbox).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: marker))

            // A user who may read app/a only, with the token in the environment.
            let alicePassword = "alice-\(UUID().uuidString)"
            let passwordFile = try cli.file("alice-password", alicePassword)
            for arguments in [
                ["iam", "user", "create", "alice", "--password-file", passwordFile],
                ["iam", "grant", "dcos:secrets:default:/app/a", "read", "--user", "alice"],
                [
                    "login", "--url", cli.server.baseURL, "--uid", "alice", "--password-file", passwordFile,
                    "--config", cli.directory + "/alice.json",
                ],
            ] {
                let setup = try await cli.secrets(arguments, secrets: [alicePassword])
                #expect(setup.status == 0, "\(setup.stderr)")
            }
            let token = try #require(cli.savedConfiguration(at: cli.directory + "/alice.json")?["token"] as? String)
            let asAlice = [
                "SECRETS_TOKEN": token, "SECRETS_URL": cli.server.baseURL, "SECRETS_CONFIG": cli.directory + "/none",
                "MESOS_SANDBOX": sandbox,
            ]
            let unreadable = try await cli.secrets(
                ["exec", "--space", "/app", "--env", "A=app/a", "--env", "C=app/c", "--"] + Self.dump(["A"]),
                secrets: ["a-value", "c-value", token], environment: asAlice)
            #expect(unreadable.status == 1)
            #expect(unreadable.stderr == "secrets exec: Secret app/c is not accessible from /app\n")
            #expect(cli.listing(sandbox).isEmpty)
            let readable = try await cli.secrets(
                ["exec", "--space", "/app", "--env", "A=app/a", "--"] + Self.dump(["A"]),
                secrets: ["a-value", token], environment: asAlice)
            #expect(readable.status == 0, "\(readable.stderr)")
            #expect(FileManager.default.contents(atPath: sandbox + "/A.out") == Data("a-value".utf8))
        }
    }

    @Test func serviceAccountLogsInFromItsCredential() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            let publicKey = JWTFixtures.directory.appendingPathComponent("service-account.pub.pem").path
            let privateKey = JWTFixtures.directory.appendingPathComponent("service-account.key.pem").path
            let pem = try String(contentsOfFile: privateKey, encoding: .utf8)
            for arguments in [
                ["iam", "service-account", "create", "spark-sa", "--public-key", publicKey],
                ["iam", "grant", "dcos:secrets:default:/spark/password", "read", "--user", "spark-sa"],
                ["create-sa-secret", privateKey, "spark-sa", "spark/sa"],
            ] {
                let setup = try await cli.secrets(arguments, secrets: [pem])
                #expect(setup.status == 0, "\(setup.stderr)")
            }
            try await cli.createSecret("spark/password", text: "spark-password")
            try await cli.createSecret("spark/other", text: "other-value")
            // What the task receives: the value of the secret create-sa-secret stored.
            let stored = try await cli.secrets(["get", "spark/sa"], secrets: [pem])
            let credential = String(stored.stdout.dropLast())
            #expect(credential.contains("\"uid\":\"spark-sa\""))

            let sandbox = try cli.folder("sandbox")
            // No saved configuration: only the credential can authenticate.
            let task = [
                "DCOS_SERVICE_ACCOUNT_CREDENTIAL": credential, "SECRETS_CONFIG": cli.directory + "/none",
                "MESOS_SANDBOX": sandbox,
            ]
            let run = try await cli.secrets(
                ["exec", "--space", "/spark", "--env", "P=spark/password", "--"] + Self.dump(["P"]),
                secrets: [pem, "spark-password"], environment: task)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(FileManager.default.contents(atPath: sandbox + "/P.out") == Data("spark-password".utf8))

            // The account may not read spark/other, though the superuser of the saved login could.
            let refused = try await cli.secrets(
                ["exec", "--space", "/spark", "--env", "O=spark/other", "--"] + Self.dump(["O"]),
                secrets: [pem, "other-value"], environment: task)
            #expect(refused.status == 1)
            #expect(refused.stderr == "secrets exec: Secret spark/other is not accessible from /spark\n")
            #expect(cli.listing(sandbox) == ["P.out"])
        }
    }

    @Test func sandboxEscapesAreRefused() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.createSecret("app/a", text: "a-value")
            let sandbox = try cli.folder("sandbox")
            let outside = try cli.folder("outside")
            _ = try cli.file("outside/target", "untouched")
            try FileManager.default.createSymbolicLink(atPath: sandbox + "/link", withDestinationPath: outside)
            try FileManager.default.createSymbolicLink(
                atPath: sandbox + "/final", withDestinationPath: outside + "/target")
            let marker = cli.directory + "/ran"
            for (destination, message) in [
                ("../escape", "leaves the sandbox through '..'"), ("sub/../../escape", "leaves the sandbox"),
                (outside + "/x", "is outside the sandbox"), ("/etc/x", "is outside the sandbox"),
                ("link/x", "link in the sandbox is a symbolic link: refused"),
                (sandbox + "/link/deeper/x", "link in the sandbox is a symbolic link: refused"),
            ] {
                let run = try await cli.secrets(
                    [
                        "exec", "--sandbox", sandbox, "--space", "/app", "--file", "\(destination)=app/a", "--", "sh",
                        "-c", #"touch "$0""#, marker,
                    ], secrets: ["a-value"])
                #expect(run.status == 2, "\(destination): \(run.stderr)")
                #expect(run.stderr.contains(message), "\(destination): \(run.stderr)")
                #expect(!FileManager.default.fileExists(atPath: marker))
            }
            #expect(cli.listing(outside) == ["target"])
            #expect(!FileManager.default.fileExists(atPath: cli.directory + "/escape"))

            // A link in the file's place is replaced, not followed.
            let replaced = try await cli.secrets(
                ["exec", "--sandbox", sandbox, "--space", "/app", "--file", "final=app/a", "--", "true"],
                secrets: ["a-value"])
            #expect(replaced.status == 0, "\(replaced.stderr)")
            #expect(FileManager.default.contents(atPath: outside + "/target") == Data("untouched".utf8))
            let kind = try FileManager.default.attributesOfItem(atPath: sandbox + "/final")[.type] as? FileAttributeType
            #expect(kind == .typeRegular)
            #expect(FileManager.default.contents(atPath: sandbox + "/final") == Data("a-value".utf8))
        }
    }

    @Test func exitStatusAndSignalsAreTheCommandsOwn() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.createSecret("app/a", text: "a-value")
            let launch = ["exec", "--space", "/app", "--env", "A=app/a", "--"]
            let exited = try await cli.secrets(launch + ["sh", "-c", "exit 7"], secrets: ["a-value"])
            #expect(exited.status == 7)
            #expect(exited.signal == nil)
            #expect(exited.stderr.isEmpty)

            let killed = try await cli.secrets(launch + ["sh", "-c", "kill -TERM $$; sleep 5"], secrets: ["a-value"])
            #expect(killed.signal == SIGTERM, "status \(killed.status): \(killed.stderr)")

            let missing = "no-such-command-\(UUID().uuidString)"
            let notFound = try await cli.secrets(launch + [missing, "argument"], secrets: ["a-value"])
            #expect(notFound.status == 127)
            #expect(notFound.stderr == "secrets exec: \(missing): command not found\n")
            let plain = try cli.file("plain", "not a program")
            let notExecutable = try await cli.secrets(launch + [plain], secrets: ["a-value"])
            #expect(notExecutable.status == 126)
            #expect(notExecutable.stderr == "secrets exec: \(plain): not an executable file\n")
        }
    }

    @Test func undecodableValuesStopTheLaunchBeforeAnythingIsWritten() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.createSecret("app/good", text: "good-value")
            try await cli.createSecret("app/__dcos_base64__bad", text: "not base64 at all!")
            try await cli.createSecret("app/nul", text: "before\u{0}after")
            let sandbox = try cli.folder("sandbox")
            let environment = ["MESOS_SANDBOX": sandbox]
            let badBase64 = try await cli.secrets(
                [
                    "exec", "--space", "/app", "--file", "good=app/good", "--file", "bad=app/__dcos_base64__bad", "--",
                    "true",
                ],
                secrets: ["good-value", "not base64 at all!"], environment: environment)
            #expect(badBase64.status == 2)
            #expect(badBase64.stderr.contains("secret app/__dcos_base64__bad"), "\(badBase64.stderr)")
            #expect(cli.listing(sandbox).isEmpty)

            let nul = try await cli.secrets(
                ["exec", "--space", "/app", "--file", "good=app/good", "--env", "NUL=app/nul", "--", "true"],
                secrets: ["good-value", "before", "after"], environment: environment)
            #expect(nul.status == 2)
            #expect(nul.stderr.contains("app/nul"), "\(nul.stderr)")
            #expect(nul.stderr.contains("environment variable NUL"), "\(nul.stderr)")
            #expect(cli.listing(sandbox).isEmpty)

            // The same NUL is fine in a file.
            let file = try await cli.secrets(
                ["exec", "--space", "/app", "--file", "nul.bin=app/nul", "--", "true"], secrets: ["before"],
                environment: environment)
            #expect(file.status == 0, "\(file.stderr)")
            #expect(FileManager.default.contents(atPath: sandbox + "/nul.bin") == Data("before\u{0}after".utf8))
        }
    }

    @Test func appAndPodDefinitionsDriveValidateAppAndExec() async throws {
        try await CLITestServer.with { cli in
            try await cli.logInAsSuperuser()
            try await cli.createSecret("web/a", text: "a-value")
            try await cli.createSecret("web/cert", bytes: Self.keystore)
            try await cli.createSecret("other/b", text: "b-value")
            let app = try cli.file(
                "app.json",
                """
                {"id": "/web/frontend", "env": {"A": {"secret": "a"}, "PLAIN": "x"},
                 "secrets": {"a": {"source": "web/a"}, "cert": {"source": "web/cert"}},
                 "container": {"volumes": [{"containerPath": "tls/cert.bin", "secret": "cert"}]}}
                """)
            let accepted = try await cli.secrets(["validate-app", app])
            #expect(accepted.status == 0, "\(accepted.stderr)")
            #expect(accepted.stdout == "OK: all 2 secrets of /web/frontend are accessible\n")

            let sandbox = try cli.folder("sandbox")
            let run = try await cli.secrets(
                ["exec", "--app-definition", app, "--"] + Self.dump(["A", "PLAIN"]), secrets: ["a-value"],
                environment: ["MESOS_SANDBOX": sandbox])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(FileManager.default.contents(atPath: sandbox + "/A.out") == Data("a-value".utf8))
            #expect(FileManager.default.contents(atPath: sandbox + "/PLAIN.out") == Data())
            #expect(FileManager.default.contents(atPath: sandbox + "/tls/cert.bin") == Self.keystore)

            let refusedApp = try cli.file(
                "refused-app.json",
                """
                {"id": "/web/frontend", "env": {"A": {"secret": "a"}, "B": {"secret": "b"}, "M": {"secret": "m"}},
                 "secrets": {"a": {"source": "web/a"}, "b": {"source": "other/b"}, "m": {"source": "web/missing"}}}
                """)
            let refused = try await cli.secrets(["validate-app", refusedApp])
            #expect(refused.status == 1)
            #expect(refused.stdout == "Secret other/b is not accessible\nSecret web/missing is not accessible\n")

            let pod = try cli.file(
                "pod.json",
                """
                {"id": "/web/pod", "secrets": {"a": {"source": "web/a"}, "b": {"source": "other/b"}},
                 "environment": {"A": {"secret": "a"}}, "volumes": [{"name": "v", "secret": "b"}],
                 "containers": [{"name": "c", "volumeMounts": [{"name": "v", "mountPath": "b.txt"}]}]}
                """)
            let refusedPod = try await cli.secrets(["validate-app", pod])
            #expect(refusedPod.status == 1)
            #expect(refusedPod.stdout == "Secret other/b is not accessible\n")
            let podRun = try await cli.secrets(
                ["exec", "--app-definition", pod, "--", "true"], environment: ["MESOS_SANDBOX": sandbox])
            #expect(podRun.status == 1)
            #expect(podRun.stderr == "secrets exec: Secret other/b is not accessible from /web/pod\n")

            let undeclared = try cli.file(
                "undeclared.json", #"{"id": "/web/x", "env": {"X": {"secret": "nope"}}}"#)
            let invalid = try await cli.secrets(["validate-app", undeclared])
            #expect(invalid.status == 2)
            #expect(invalid.stderr.contains("refers to the undeclared secret nope"), "\(invalid.stderr)")
        }
    }
}
