import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting

/// Runs `body` against the real router over an in-memory identity with the bootstrap superuser,
/// through Hummingbird's router test client.
func withIdentityAPI(
    loginPolicy: LoginService.Policy = .init(),
    _ body: @Sendable (IdentityAPIClient) async throws -> Void
) async throws {
    let identity = try await IdentityFixture.service(loginPolicy: loginPolicy)
    let app = SecretStoreApplication.build(
        HTTPConfiguration(), services: try await TestServices.make(identity: identity),
        logger: Logger(label: "test.http"))
    try await app.test(.router) { client in
        let root = try await identity.issueToken(for: IdentityFixture.superuser).token
        try await body(IdentityAPIClient(client: client, identity: identity, rootToken: root))
    }
}

/// A test client of the identity API that knows a superuser token.
struct IdentityAPIClient: Sendable {
    let client: any TestClientProtocol
    let identity: IdentityService
    let rootToken: String

    /// Sends a request; `token` defaults to the superuser's (`""` sends none). A `json` body is sent
    /// as `application/json` unless `contentType` says otherwise (`""` sends no Content-Type).
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: String? = nil, token: String? = nil,
        contentType: String = "application/json", headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        let token = token ?? rootToken
        if !token.isEmpty { headers[.authorization] = "token=\(token)" }
        if json != nil, !contentType.isEmpty { headers[.contentType] = contentType }
        return try await client.executeRequest(
            uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// A token for account `uid`, minted directly (no login round trip).
    func token(for uid: String) async throws -> String {
        try await identity.issueToken(for: uid).token
    }
}

extension TestResponse {
    /// The body parsed as a JSON object (empty if it is not one).
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body))) as? [String: Any] ?? [:]
    }

    /// The `code` of an error body.
    var errorCode: String? {
        if let code = json["code"] as? String { return code }
        // cfssl's envelope (the CA API): the code leads the first error's message.
        return cfsslErrorMessage.flatMap { $0.split(separator: ":", maxSplits: 1).first.map(String.init) }
    }

    /// The first error's message of cfssl's envelope.
    var cfsslErrorMessage: String? {
        ((json["errors"] as? [[String: Any]])?.first?["message"] as? String)
    }
}
