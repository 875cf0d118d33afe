import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// `POST /secrets/v1/resolve/{store}` (contract §6): the secrets a task of one service receives at
/// launch, all or nothing, or with `?validate=true` how each would fare, without values. The route
/// notes the space and paths for the call's audit line, which `RequestAuditMiddleware` writes
/// whatever the outcome, a call without a valid token included.
struct ResolveRoutes: Sendable {
    let resolver: SecretResolver

    /// The route's prefix: the audit line of every request under it carries the resolve fields.
    static let pathPrefix = "/secrets/v1/resolve"

    typealias Context = SecretStoreRequestContext

    /// The largest request body: 100 paths of 1,024 bytes with their quoting, and room to spare.
    static let bodyLimit = 256 * 1024

    /// Adds the route to `group` (`/secrets/v1/resolve`) for any
    /// authenticated caller: the handler checks `read` on every path itself.
    func register(on group: AccessGroup) {
        group.post(":store", access: .authenticated, use: resolve)
    }

    @Sendable func resolve(_ request: Request, _ context: Context) async throws -> Response {
        let account = try context.requireAccount()
        let record = context.auditRecord
        try StoreName.require(context)
        let body = try await request.decodeJSON(
            as: ResolveBody.self, context: context, limit: Self.bodyLimit)
        let rule = SpaceRule(service: try ServiceID(normalizing: body.space))
        record?.noteResolve { $0.space = rule.service.description }
        let secrets = try body.secrets.map { raw throws(SecretError) in try SecretPath.secret(raw) }
        record?.noteResolve { $0.paths = secrets.map(\.path) }
        let mayRead = { (path: SecretPath) in account.identity.isAllowed(account.uid, .read, on: .secret(path.path)) }
        if request.uri.queryParameters.get("validate") == "true" {
            let validation = try await resolver.validate(secrets, for: rule, mayRead: mayRead)
            record?.noteResolve { $0.offending = validation.denied + validation.missing }
            return JSONResponse.make(.ok, ResolveValidationAnswer(validation))
        }
        let resolved = try await resolver.resolve(secrets, for: rule, mayRead: mayRead)
        return JSONResponse.make(.ok, json: ByteBuffer(bytes: ResolveAnswer(resolved).encodedJSON))
    }
}
