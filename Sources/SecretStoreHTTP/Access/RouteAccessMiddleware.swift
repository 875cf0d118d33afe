import Hummingbird
import SecretStoreCore

/// Enforces one route's declared `RouteAccess` before its handler runs: the token first (401), then,
/// for superuser routes, `dcos:superuser` (403). The only place that checks for a superuser.
struct RouteAccessMiddleware: RouterMiddleware {
    typealias Context = SecretStoreRequestContext

    /// What the route declared; never `.anyone` (such routes get no middleware).
    let access: RouteAccess
    let authentication: AuthenticationMiddleware

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        switch access {
        case .anyone:
            return try await next(request, context)
        case .authenticated:
            return try await authentication.handle(request, context: context, next: next)
        case .superuser:
            return try await authentication.handle(request, context: context) { request, context in
                let account = try context.requireAccount()
                context.auditRecord?.note {
                    $0.object = ResourceID.superuser.rawValue
                    $0.action = PermissionAction.full.rawValue
                }
                guard account.identity.isSuperuser(account.uid) else {
                    throw IdentityError(.forbidden, "'\(account.uid)' is not a superuser (dcos:superuser)")
                }
                return try await next(request, context)
            }
        }
    }
}
