import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// `POST /secrets/v1/resolve/{store}` (contract §6): the secrets a task of one service receives at
/// launch, all or nothing, or with `?validate=true` how each would fare, without values. Every call
/// leaves one audit line, whatever its outcome, a call without a valid token included: the route
/// notes what the call is about in its `ResolveCall`, and `ResolveAuditMiddleware` records it.
struct ResolveRoutes: Sendable {
    let resolver: SecretResolver
    let audit: ResolveAudit

    typealias Context = SecretStoreRequestContext

    /// The largest request body: 100 paths of 1,024 bytes with their quoting, and room to spare.
    static let bodyLimit = 256 * 1024

    /// The middleware that records every call; the route's group puts it outside the access check.
    var auditMiddleware: ResolveAuditMiddleware { ResolveAuditMiddleware(audit: audit) }

    /// Adds the route to `group` (`/secrets/v1/resolve`, behind `auditMiddleware`) for any
    /// authenticated caller: the handler checks `read` on every path itself.
    func register(on group: AccessGroup) {
        group.post(":store", access: .authenticated, use: resolve)
    }

    @Sendable func resolve(_ request: Request, _ context: Context) async throws -> Response {
        let account = try context.requireAccount()
        let call = context.resolveCall
        call?.note { $0.uid = account.uid }
        try StoreName.require(context)
        let body = try await request.decodeJSON(
            as: ResolveBody.self, context: context, limit: Self.bodyLimit)
        let rule = SpaceRule(service: try ServiceID(normalizing: body.space))
        call?.note { $0.space = rule.service.description }
        let secrets = try body.secrets.map { raw throws(SecretError) in try SecretPath.secret(raw) }
        call?.note { $0.paths = secrets.map(\.path) }
        let mayRead = { (path: SecretPath) in account.identity.isAllowed(account.uid, .read, on: .secret(path.path)) }
        if request.uri.queryParameters.get("validate") == "true" {
            let validation = try await resolver.validate(secrets, for: rule, mayRead: mayRead)
            call?.note { $0.offending = validation.denied + validation.missing }
            return JSONResponse.make(.ok, ResolveValidationAnswer(validation))
        }
        let resolved = try await resolver.resolve(secrets, for: rule, mayRead: mayRead)
        return JSONResponse.make(.ok, ResolveAnswer(resolved))
    }
}
