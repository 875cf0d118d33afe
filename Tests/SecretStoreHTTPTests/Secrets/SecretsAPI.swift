import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting

/// Runs `body` against the real router over in-memory storage (unsealed unless `unsealed` is
/// false) and an in-memory identity with the bootstrap superuser, through Hummingbird's router
/// test client.
func withSecretsAPI(
    maximumValueSize: Int = SecretVault.defaultMaximumValueSize, unsealed: Bool = true,
    trail: AuditTrail? = nil, _ body: @Sendable (SecretsAPIClient) async throws -> Void
) async throws {
    let identity = try await IdentityFixture.service()
    let services = try await TestServices.make(
        identity: identity, unsealed: unsealed, maximumValueSize: maximumValueSize, trail: trail)
    let app = SecretStoreApplication.build(HTTPConfiguration(), services: services, logger: Logger(label: "test.http"))
    try await app.test(.router) { client in
        let root = try await identity.issueToken(for: IdentityFixture.superuser).token
        try await body(SecretsAPIClient(client: client, identity: identity, rootToken: root))
    }
}

/// A test client of the secrets API that knows a superuser token and can make users and grants.
struct SecretsAPIClient: Sendable {
    let client: any TestClientProtocol
    let identity: IdentityService
    let rootToken: String

    /// The URI of the secret (or folder) `path` in the default store, sent as given.
    static func uri(_ path: String) -> String { "/secrets/v1/secret/default/" + path }

    /// The URI that lists `path` (`""` is the whole store).
    static func listURI(_ path: String) -> String { uri(path) + "?list=true" }

    /// Sends a request; `token` defaults to the superuser's (`""` sends none). `contentType` and
    /// `accept` are sent only when given.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, body: [UInt8]? = nil, contentType: String? = nil,
        accept: String? = nil, token: String? = nil
    ) async throws -> TestResponse {
        var headers = HTTPFields()
        let token = token ?? rootToken
        if !token.isEmpty { headers[.authorization] = "token=\(token)" }
        if let contentType { headers[.contentType] = contentType }
        if let accept { headers[.accept] = accept }
        return try await client.executeRequest(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(bytes: $0) })
    }

    /// PUT of a text secret: `{"value": value}` plus any `extra` fields, as JSON.
    @discardableResult
    func write(_ path: String, text value: String, extra: [String: Any] = [:], token: String? = nil) async throws
        -> TestResponse
    {
        try await write(.put, path, text: value, extra: extra, token: token)
    }

    /// PUT or PATCH of a text secret: `{"value": value}` plus any `extra` fields, as JSON.
    @discardableResult
    func write(
        _ method: HTTPRequest.Method, _ path: String, text value: String, extra: [String: Any] = [:],
        token: String? = nil
    ) async throws -> TestResponse {
        let object = extra.merging(["value": value]) { $1 }
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await send(
            method, Self.uri(path), body: Array(body), contentType: "application/json", token: token)
    }

    /// PUT of a binary secret.
    @discardableResult
    func write(_ path: String, bytes: [UInt8], token: String? = nil) async throws -> TestResponse {
        try await write(.put, path, bytes: bytes, token: token)
    }

    /// PUT or PATCH of a binary secret.
    @discardableResult
    func write(_ method: HTTPRequest.Method, _ path: String, bytes: [UInt8], token: String? = nil) async throws
        -> TestResponse
    {
        try await send(method, Self.uri(path), body: bytes, contentType: "application/octet-stream", token: token)
    }

    /// The raw bytes of the secret at `path` (`Accept: application/octet-stream`), nil unless 200.
    func rawValue(_ path: String) async throws -> [UInt8]? {
        let response = try await send(.get, Self.uri(path), accept: "application/octet-stream")
        return response.status == .ok ? response.bytes : nil
    }

    /// The `array` of a listing of `path`, nil unless 200 with an array of strings.
    func list(_ path: String, token: String? = nil) async throws -> [String]? {
        let response = try await send(.get, Self.listURI(path), token: token)
        guard response.status == .ok else { return nil }
        return response.json["array"] as? [String]
    }

    /// Creates the user `uid` with `grants` made directly to it, and returns a token for it.
    func user(_ uid: String, grants: [(rid: String, action: PermissionAction)] = []) async throws -> String {
        try await identity.directory.createUser(User(uid: uid, description: "", credential: .passwordHash("$6$x")))
        for grant in grants {
            try await self.grant(grant.action, on: grant.rid, to: .user(uid))
        }
        return try await identity.issueToken(for: uid).token
    }

    /// Grants `action` on `rid` to `principal`, creating the ACL if there is none yet.
    func grant(_ action: PermissionAction, on rid: String, to principal: Principal) async throws {
        let resource = try ResourceID(rid)
        if identity.directory.snapshot.acls[resource] == nil {
            try await identity.directory.createACL(resource, description: "")
        }
        try await identity.directory.grant(action, on: resource, to: principal)
    }
}

extension TestResponse {
    /// The body's bytes.
    var bytes: [UInt8] { Array(body.readableBytesView) }

    /// The body as UTF-8 text.
    var text: String { String(buffer: body) }
}
