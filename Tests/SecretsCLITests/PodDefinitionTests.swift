import Foundation
import Testing

@testable import secrets

/// Marathon pod definitions: pod and container environments, and secret volumes mounted by
/// containers.
@Suite struct PodDefinitionTests {
    func parse(_ json: String) throws -> AppDefinition {
        try AppDefinition(json: Data(json.utf8), source: "pod.json")
    }

    @Test func podEnvironmentsAndMountedSecretVolumesMap() throws {
        let pod = try parse(
            """
            {
              "id": "/hdfs/pod",
              "secrets": {
                "shared": {"source": "hdfs/shared"},
                "web": {"source": "hdfs/pod/web"},
                "cert": {"source": "hdfs/cert"}
              },
              "environment": {"SHARED": {"secret": "shared"}, "MODE": "prod"},
              "volumes": [
                {"name": "scratch"},
                {"name": "certificate", "secret": "cert"},
                {"name": "unmounted", "secret": "web"}
              ],
              "containers": [
                {
                  "name": "web",
                  "environment": {"WEB_KEY": {"secret": "web"}},
                  "volumeMounts": [
                    {"name": "scratch", "mountPath": "tmp"},
                    {"name": "certificate", "mountPath": "certs/server.pem"},
                    {"name": "not-a-volume", "mountPath": "x"}
                  ]
                },
                {"name": "sidecar"}
              ]
            }
            """)
        #expect(pod.id == "/hdfs/pod")
        #expect(
            pod.references == [
                try SecretReference(path: "hdfs/shared", target: .environment("SHARED")),
                try SecretReference(path: "hdfs/pod/web", target: .environment("WEB_KEY")),
                try SecretReference(path: "hdfs/cert", target: .file("certs/server.pem")),
            ])
    }

    @Test(arguments: [
        (
            #"{"id": "/p", "environment": {"X": {"secret": "missing"}}, "containers": []}"#,
            "environment.X refers to the undeclared secret missing"
        ),
        (
            #"{"id": "/p", "containers": [{"name": "c", "environment": {"Y": {"secret": "gone"}}}]}"#,
            "containers[0].environment.Y refers to the undeclared secret gone"
        ),
        (
            #"{"id": "/p", "volumes": [{"name": "v", "secret": "absent"}], "containers": []}"#,
            "volumes[0] refers to the undeclared secret absent"
        ),
    ])
    func undeclaredSecretIsNamed(json: String, message: String) {
        let error = failure { try parse(json) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test(arguments: [
        (#"{"id": "/p", "containers": {}}"#, "containers is not an array"),
        (
            #"{"id": "/p", "secrets": {"s": {"source": "p/s"}}, "volumes": [{"secret": "s"}], "containers": []}"#,
            "volumes[0] holds a secret but has no name"
        ),
        (
            #"{"id": "/p", "secrets": {"s": {"source": "p/s"}}, "volumes": [{"name": "v", "secret": "s"}], "containers": [{"volumeMounts": [{"name": "v"}]}]}"#,
            "containers[0].volumeMounts[0] mounts secret volume v but has no mountPath"
        ),
        (#"{"id": "/p", "containers": [{"volumeMounts": {}}]}"#, "containers[0].volumeMounts is not an array"),
    ])
    func malformedPodIsRefused(json: String, message: String) {
        let error = failure { try parse(json) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }
}
