import Foundation
import Testing

@testable import secrets

/// Marathon app definitions: which secrets go where, and the errors of a definition that refers
/// to secrets it does not declare or is not JSON.
@Suite struct AppDefinitionTests {
    func parse(_ json: String) throws -> AppDefinition {
        try AppDefinition(json: Data(json.utf8), source: "app.json")
    }

    @Test func appEnvironmentAndVolumesMapToVariablesAndFiles() throws {
        let app = try parse(
            """
            {
              "id": "/spark/driver",
              "cmd": "ignored",
              "env": {
                "PLAIN": "not a secret",
                "DB_PASSWORD": {"secret": "db"},
                "A_TOKEN": {"secret": "token"}
              },
              "secrets": {
                "db": {"source": "/spark//db/password/"},
                "token": {"source": "spark/token"},
                "keystore": {"source": "spark/__dcos_base64__keystore"},
                "unused": {"source": "spark/unused"}
              },
              "container": {
                "type": "MESOS",
                "volumes": [
                  {"containerPath": "data", "hostPath": "/var/data", "mode": "RW"},
                  {"containerPath": "conf/keystore.jks", "secret": "keystore"},
                  {"containerPath": "/mnt/mesos/sandbox/token", "secret": "token"}
                ]
              }
            }
            """)
        #expect(app.id == "/spark/driver")
        #expect(
            app.references == [
                try SecretReference(path: "spark/token", target: .environment("A_TOKEN")),
                try SecretReference(path: "spark/db/password", target: .environment("DB_PASSWORD")),
                try SecretReference(path: "spark/__dcos_base64__keystore", target: .file("conf/keystore.jks")),
                try SecretReference(path: "spark/token", target: .file("/mnt/mesos/sandbox/token")),
            ])
        // Paths are normalised as the server normalises them.
        #expect(app.references[1].path == "spark/db/password")
    }

    @Test func appWithoutSecretsHasNoReferences() throws {
        let app = try parse(#"{"id": "web", "env": {"PORT": "80"}, "container": {"volumes": []}}"#)
        #expect(app.id == "web")
        #expect(app.references.isEmpty)
    }

    @Test(arguments: [
        (#"{"id": "/a", "env": {"X": {"secret": "nope"}}}"#, "env.X refers to the undeclared secret nope"),
        (
            #"{"id": "/a", "secrets": {"s": {"source": "a/s"}}, "container": {"volumes": [{"containerPath": "f", "secret": "other"}]}}"#,
            "container.volumes[0] refers to the undeclared secret other"
        ),
    ])
    func undeclaredSecretIsNamed(json: String, message: String) {
        let error = failure { try parse(json) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test(arguments: [
        ("not json", "app.json is not a JSON object"),
        ("[1, 2]", "app.json is not a JSON object"),
        (#"{"id": "/a", "env": {"X": {"secret": "s"}}"#, "app.json is not a JSON object"),
        (#"{"env": {}}"#, "has no \"id\""),
        (#"{"id": "/a", "secrets": {"s": {"path": "a/s"}}}"#, "secret s has no \"source\""),
        (#"{"id": "/a", "secrets": ["a/s"]}"#, "secrets is not an object"),
        (#"{"id": "/a", "secrets": {"s": {"source": "a/s"}}, "env": {"X": {"secret": 1}}}"#, "env.X is an object"),
        (
            #"{"id": "/a", "secrets": {"s": {"source": "a/s"}}, "container": {"volumes": [{"secret": "s"}]}}"#,
            "mounts secret s but has no containerPath"
        ),
        (
            #"{"id": "/a", "secrets": {"s": {"source": "a/../s"}}, "env": {"X": {"secret": "s"}}}"#,
            "invalid secret path"
        ),
        (#"{"id": "/a", "secrets": {"s": {"source": "a/s"}}, "env": {"X=Y": {"secret": "s"}}}"#, "invalid environment"),
    ])
    func malformedDefinitionIsRefused(json: String, message: String) {
        let error = failure { try parse(json) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test func unreadableFileIsNamed() {
        let path = "/nonexistent/\(UUID().uuidString).json"
        #expect(failure { try AppDefinition(contentsOf: path) } == "cannot read the app definition \(path)")
    }
}
