import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// `POST /secrets/v1/audit-hash` (contract §9, superuser): the form a secret path takes in audit
/// lines, so that an operator finds a path's lines without the trail naming it. Answers the HMAC
/// even when the trail writes clear paths, so the hash is the same on every instance.
struct AuditHashRoutes: Sendable {
    /// The trail's hasher; `nil` when the server keeps no trail.
    let hasher: AuditPathHasher?

    typealias Context = SecretStoreRequestContext

    /// Adds the route to `group` (`/secrets/v1`).
    func register(on group: AccessGroup) {
        group.post("/audit-hash", access: .superuser, use: hash)
    }

    @Sendable func hash(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await request.decodeJSON(as: AuditHashBody.self, context: context)
        guard let hasher else { throw APIError.auditUnavailable("this server keeps no audit trail") }
        let path: SecretPath
        do {
            path = try SecretPath.secret(body.input)
        } catch {
            throw RequestError(.malformed, "input must be a secret path: \(error.message)")
        }
        guard let hash = hasher.hash(path.path) else {
            throw APIError.auditUnavailable("the audit trail's key is not loaded yet")
        }
        return JSONResponse.make(.ok, AuditHashAnswer(hash: hash))
    }
}
