import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreTesting
import Testing

/// `POST /secrets/v1/resolve/{store}` through the real router (contract §6).
@Suite("Resolve route")
struct ResolveRouteTests {
    static let resolveURI = "/secrets/v1/resolve/default"

    /// Stores the secrets the tests ask for: text, binary and base64-marked under `spark`, one
    /// under `other`, one at the root.
    static func prepare(_ api: SecretsAPIClient) async throws {
        #expect(try await api.write("spark/password", text: "s3cret-pw").status == .created)
        #expect(try await api.write("spark/keystore", bytes: TestValues.binary(count: 300)).status == .created)
        #expect(try await api.write("spark/__dcos_base64__conf", text: "aGVsbG8=").status == .created)
        #expect(try await api.write("other/password", text: "other-pw").status == .created)
        #expect(try await api.write("shared", text: "for-all").status == .created)
    }

    static func resolve(
        _ api: SecretsAPIClient, space: Any, _ secrets: Any, validate: Bool = false, token: String? = nil,
        contentType: String? = "application/json"
    ) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["space": space, "secrets": secrets])
        return try await api.send(
            .post, resolveURI + (validate ? "?validate=true" : ""), body: Array(body), contentType: contentType,
            token: token)
    }

    @Test func everySecretComesBackWithItsEncodingInTheOrderAsked() async throws {
        try await withSecretsAPI { api in
            try await Self.prepare(api)
            let response = try await Self.resolve(
                api, space: "/spark", ["/spark/keystore", "spark//password", "shared", "spark/__dcos_base64__conf"])
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let secrets = try #require(response.json["secrets"] as? [[String: String]])
            #expect(
                secrets.map { $0["path"] } == [
                    "spark/keystore", "spark/password", "shared", "spark/__dcos_base64__conf",
                ])
            #expect(secrets.map { $0["encoding"] } == ["base64", "utf-8", "utf-8", "utf-8"])
            #expect(secrets[0]["value"].flatMap { Data(base64Encoded: $0) } == Data(TestValues.binary(count: 300)))
            #expect(secrets[1]["value"] == "s3cret-pw")
            #expect(secrets[2]["value"] == "for-all")
            // The server leaves base64-marked values as stored: the launcher decodes them.
            #expect(secrets[3]["value"] == "aGVsbG8=")
        }
    }

    @Test func aSuperuserGetsNothingOutsideTheSpace() async throws {
        try await withSecretsAPI { api in
            try await Self.prepare(api)
            let response = try await Self.resolve(
                api, space: "/spark", ["spark/password", "other/password", "other/x"])
            #expect(response.status == .forbidden)
            #expect(response.json["code"] as? String == "SPACE_DENIED")
            #expect(response.json["paths"] as? [String] == ["other/password", "other/x"])
            #expect((response.json["message"] as? String)?.contains("other/password") == true)
            #expect(!response.text.contains("s3cret-pw") && !response.text.contains("other-pw"))
            #expect(response.json["secrets"] == nil)
        }
    }

    @Test func theCallerNeedsReadOnEverySecret() async throws {
        try await withSecretsAPI { api in
            try await Self.prepare(api)
            let some = try await api.user("alice", grants: [("dcos:secrets:default:/spark/password", .read)])
            let refused = try await Self.resolve(
                api, space: "/spark", ["spark/password", "spark/keystore"], token: some)
            #expect(refused.status == .forbidden)
            #expect(refused.json["code"] as? String == "FORBIDDEN")
            #expect(refused.json["paths"] as? [String] == ["spark/keystore"])
            #expect(!refused.text.contains("s3cret-pw"))

            let folder = try await api.user("bob", grants: [("dcos:secrets:default:/spark/*", .read)])
            let granted = try await Self.resolve(
                api, space: "/spark", ["spark/password", "spark/keystore"], token: folder)
            #expect(granted.status == .ok)
            // Create, update and delete grant no reading.
            let writer = try await api.user(
                "carol",
                grants: [("dcos:secrets:default:/spark/*", .create), ("dcos:secrets:default:/spark/*", .update)])
            #expect(
                try await Self.resolve(api, space: "/spark", ["spark/password"], token: writer).status == .forbidden)
        }
    }

    @Test func aMissingSecretIs404NamingEveryMissingPath() async throws {
        try await withSecretsAPI { api in
            try await Self.prepare(api)
            let response = try await Self.resolve(api, space: "/spark/app", ["spark/password", "spark/a", "spark/b"])
            #expect(response.status == .notFound)
            #expect(response.json["code"] as? String == "NOT_FOUND")
            #expect(response.json["paths"] as? [String] == ["spark/a", "spark/b"])
            #expect(!response.text.contains("s3cret-pw"))
        }
    }

    @Test func validationListsAllowedDeniedAndMissingWithoutValues() async throws {
        try await withSecretsAPI { api in
            try await Self.prepare(api)
            let response = try await Self.resolve(
                api, space: "/spark", ["spark/password", "other/password", "spark/none", "spark/keystore"],
                validate: true)
            #expect(response.status == .ok)
            #expect(response.json["allowed"] as? [String] == ["spark/password", "spark/keystore"])
            #expect(response.json["denied"] as? [String] == ["other/password"])
            #expect(response.json["missing"] as? [String] == ["spark/none"])
            #expect(!response.text.contains("s3cret-pw"))
            // A caller without read learns nothing about existence: denied, not missing.
            let alice = try await api.user("alice")
            let blind = try await Self.resolve(
                api, space: "/spark", ["spark/password", "spark/none"], validate: true, token: alice)
            #expect(blind.json["denied"] as? [String] == ["spark/password", "spark/none"])
            #expect(blind.json["missing"] as? [String] == [])
        }
    }

    @Test func malformedRequestsAre400() async throws {
        try await withSecretsAPI { api in
            try await Self.prepare(api)
            let bad: [(Any, Any, String)] = [
                ("/spark", "spark/password", "BAD_REQUEST"),  // not an array
                (7, ["spark/password"], "BAD_REQUEST"),
                ("", ["spark/password"], "BAD_REQUEST"),
                ("/spark/../other", ["other/password"], "BAD_REQUEST"),
                ("/spark", [], "BAD_REQUEST"),
                ("/spark", ["spark/pass word"], "INVALID_PATH"),
                ("/spark", ["/"], "INVALID_PATH"),
                ("/spark", (0...100).map { "spark/s\($0)" }, "BAD_REQUEST"),
            ]
            for (space, secrets, code) in bad {
                let response = try await Self.resolve(api, space: space, secrets)
                #expect(response.status == .badRequest, "\(space) \(secrets)")
                #expect(response.json["code"] as? String == code, "\(space) \(secrets)")
            }
            let notJSON = try await api.send(
                .post, Self.resolveURI, body: Array("{".utf8), contentType: "application/json")
            #expect(notJSON.status == .badRequest)
            let missingField = try await api.send(
                .post, Self.resolveURI, body: Array(#"{"secrets":["a"]}"#.utf8), contentType: "application/json")
            #expect(missingField.json["code"] as? String == "BAD_REQUEST")
            let text = try await Self.resolve(api, space: "/spark", ["spark/password"], contentType: "text/plain")
            #expect(text.status == .unsupportedMediaType)
            // Unknown fields are ignored.
            let extra = try await api.send(
                .post, Self.resolveURI,
                body: Array(#"{"space":"/spark","secrets":["spark/password"],"extra":1}"#.utf8))
            #expect(extra.status == .ok)
        }
    }

    @Test func unauthenticatedOtherStoresAndSealedStores() async throws {
        try await withSecretsAPI { api in
            try await Self.prepare(api)
            let anonymous = try await Self.resolve(api, space: "/spark", ["spark/password"], token: "")
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == "acsjwt")
            let other = try await api.send(
                .post, "/secrets/v1/resolve/elsewhere", body: Array(#"{"space":"/a","secrets":["a/b"]}"#.utf8))
            #expect(other.status == .notFound)
        }
        try await withSecretsAPI(unsealed: false) { api in
            for validate in [false, true] {
                let sealed = try await Self.resolve(api, space: "/spark", ["spark/password"], validate: validate)
                #expect(sealed.status == .serviceUnavailable)
                #expect(sealed.json["code"] as? String == "SEALED")
            }
        }
    }

    @Test func everyCallLeavesOneAuditLineAndNoValue() async throws {
        let audit = try AuditTrailFixture(clearPaths: true)
        try await withSecretsAPI(trail: audit.trail) { api in
            try await Self.prepare(api)
            let alice = try await api.user("alice")
            _ = try await Self.resolve(api, space: "/spark", ["spark/password", "spark/keystore"])
            _ = try await Self.resolve(api, space: "/spark", ["other/password"])
            _ = try await Self.resolve(api, space: "/spark", ["spark/password"], token: alice)
            _ = try await Self.resolve(api, space: "/spark", ["spark/none"])
            _ = try await Self.resolve(api, space: "/spark", ["spark/none", "other/password"], validate: true)
            _ = try await Self.resolve(api, space: "", ["spark/password"])
            _ = try await Self.resolve(api, space: "/spark", ["spark/password"], token: "")
        }
        let all = try audit.lines()
        let lines = all.filter {
            $0["type"] as? String == "audit" && ($0["request_uri"] as? String)?.hasPrefix("/secrets/v1/resolve") == true
        }
        try #require(
            lines.count == 7,
            "\(all.map { "\($0["type"] ?? "") \($0["method"] ?? "") \($0["request_uri"] ?? "") \($0["status"] ?? "")" })"
        )
        #expect(
            lines.map { $0["decision"] as? String } == [
                "delivered", "space_denied", "forbidden", "missing", "validated", "invalid", "unauthenticated",
            ])
        #expect(
            lines.map { $0["uid"] as? String } == [IdentityFixture.superuser, IdentityFixture.superuser, "alice"]
                + Array(repeating: IdentityFixture.superuser, count: 3) + [nil])
        #expect(lines.map { $0["space"] as? String } == ["spark", "spark", "spark", "spark", "spark", nil, nil])
        #expect(lines[0]["paths"] as? [String] == ["spark/password", "spark/keystore"])
        #expect(lines[1]["offending"] as? [String] == ["other/password"])
        #expect(lines[2]["result"] as? String == "deny")
        #expect(lines[2]["object"] as? String == "dcos:secrets:default:/spark/password")
        #expect(lines[4]["validate"] as? Bool == true)
        #expect(lines[4]["offending"] as? [String] == ["other/password", "spark/none"])
        #expect(lines[6]["status"] as? Int == 401)
        let everything = try audit.text()
        #expect(!everything.contains("s3cret-pw") && !everything.contains("other-pw"))
    }
}
