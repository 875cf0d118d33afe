import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import Testing
import X509

/// Runs `body` against the real router with the store's CA made (unless `withCA` is false), over
/// in-memory storage and identity.
func withCAAPI(
    withCA: Bool = true, unsealed: Bool = true, _ body: @Sendable (CAAPIClient) async throws -> Void
) async throws {
    let identity = try await IdentityFixture.service()
    let services = try await TestServices.make(identity: identity, unsealed: unsealed)
    if withCA { _ = try await services.authority.ensureRoot(commonName: "SecretStore Root CA test") }
    let app = SecretStoreApplication.build(HTTPConfiguration(), services: services, logger: Logger(label: "test.http"))
    try await app.test(.router) { client in
        let root = try await identity.issueToken(for: IdentityFixture.superuser).token
        let secrets = SecretsAPIClient(client: client, identity: identity, rootToken: root)
        try await body(CAAPIClient(secrets: secrets, services: services))
    }
}

/// A test client of the CA API.
struct CAAPIClient: Sendable {
    let secrets: SecretsAPIClient
    let services: SecretStoreRouter.Services

    /// `POST /ca/api/v2/<call>` with a JSON body; `token` defaults to the superuser's (`""`: none).
    func call(_ name: String, _ json: [String: Any], token: String? = nil) async throws -> TestResponse {
        try await secrets.send(
            .post, "/ca/api/v2/" + name, body: Array(try JSONSerialization.data(withJSONObject: json)),
            contentType: "application/json", token: token)
    }

    /// A user holding `action` on each of `resources`.
    func user(_ uid: String, grants resources: [String], action: PermissionAction = .full) async throws -> String {
        try await secrets.user(uid, grants: resources.map { ($0, action) })
    }

    /// The root the store's CA is at.
    func root() async throws -> Certificate {
        try #require(try await services.authority.root())
    }
}

extension TestResponse {
    /// cfssl's `result` object.
    var cfsslResult: [String: Any] { json["result"] as? [String: Any] ?? [:] }

    /// Whether the body is cfssl's failure envelope for `status` with `code` leading the message.
    func isCFSSLFailure(_ status: HTTPResponse.Status, code: String) -> Bool {
        let errors = json["errors"] as? [[String: Any]] ?? []
        return self.status == status && json["success"] as? Bool == false && json["result"] is NSNull
            && errors.count == 1 && errors[0]["code"] as? Int == Int(status.code)
            && (errors[0]["message"] as? String)?.hasPrefix(code + ": ") == true
            && (json["messages"] as? [Any])?.isEmpty == true && headers[.contentType] == "application/json"
    }
}

/// Reads a PEM certificate out of a JSON field.
func certificate(_ value: Any?) throws -> Certificate {
    try Certificate(pemEncoded: try #require(value as? String))
}
