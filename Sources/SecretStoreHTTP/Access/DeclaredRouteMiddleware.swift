import Hummingbird

/// Refuses every request to a route that declared no `RouteAccess`: a route added to the router
/// without going through an `AccessGroup` answers 500 and is logged, instead of being open to all.
/// Router-wide, so that it runs before any route's own middleware. A request that matches no route
/// is 405 with `Allow` when its path is a route's with another method, else it passes on to the 404.
struct DeclaredRouteMiddleware: RouterMiddleware {
    typealias Context = SecretStoreRequestContext

    let table: RouteAccessTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let endpoint = context.endpointPath, table.access(method: request.method, path: endpoint) == nil {
            throw UndeclaredRouteError(route: "\(request.method) \(endpoint)")
        }
        if context.endpointPath == nil {
            let allowed = table.methods(matching: request.uri.path)
            if !allowed.isEmpty { throw APIError.methodNotAllowed(allowed: allowed) }
        }
        return try await next(request, context)
    }
}

/// A request reached a route that declared no access: a programming error, answered as an internal
/// error (500) and logged by `APIErrorMiddleware`.
struct UndeclaredRouteError: Error, CustomStringConvertible {
    /// The route, `"METHOD /path"`.
    var route: String

    var description: String { "the route \(route) declares no access requirement" }
}
