import HTTPTypes
import Hummingbird

/// Routes under one path, each added with the `RouteAccess` it requires: who may call a route is
/// declared where the route is added, and enforced before its handler runs. Route types get only an
/// `AccessGroup`, never a bare `RouterGroup`, so a route without a declared access does not compile;
/// one added to the router some other way is refused by `DeclaredRouteMiddleware`.
struct AccessGroup {
    typealias Context = SecretStoreRequestContext
    /// A route's handler.
    typealias Handler = @Sendable (Request, Context) async throws -> Response
    /// A middleware of the group's own.
    typealias Middleware = any MiddlewareProtocol<Request, Response, Context>

    private let group: RouterGroup<Context>
    private let path: RouterPath
    private let table: RouteAccessTable
    private let authentication: AuthenticationMiddleware

    /// Routes under `path` of `router`; `middleware` (if any) runs before the access check, so that
    /// it sees refused calls too.
    init(
        _ path: RouterPath, on router: Router<Context>, table: RouteAccessTable,
        authentication: AuthenticationMiddleware,
        outside middleware: Middleware? = nil
    ) {
        let group = router.group(path)
        if let middleware { group.add(middleware: middleware) }
        self.group = group
        self.path = path
        self.table = table
        self.authentication = authentication
    }

    /// `GET path`, callable by `access`.
    func get(_ path: RouterPath = "", access: RouteAccess, use handler: @escaping Handler) {
        on(path, method: .get, access: access, use: handler)
    }

    /// `GET path` and `HEAD path` (the GET's answer without its body), callable by `access`: for
    /// the few routes clients probe with HEAD (`/`, `/ca/dcos-ca.crt`, contract §7).
    func getAndHead(_ path: RouterPath = "", access: RouteAccess, use handler: @escaping Handler) {
        on(path, method: .get, access: access, use: handler)
        on(path, method: .head, access: access) { request, context in
            try await handler(request, context).createHeadResponse()
        }
    }

    /// `PUT path`, callable by `access`.
    func put(_ path: RouterPath = "", access: RouteAccess, use handler: @escaping Handler) {
        on(path, method: .put, access: access, use: handler)
    }

    /// `POST path`, callable by `access`.
    func post(_ path: RouterPath = "", access: RouteAccess, use handler: @escaping Handler) {
        on(path, method: .post, access: access, use: handler)
    }

    /// `PATCH path`, callable by `access`.
    func patch(_ path: RouterPath = "", access: RouteAccess, use handler: @escaping Handler) {
        on(path, method: .patch, access: access, use: handler)
    }

    /// `DELETE path`, callable by `access`.
    func delete(_ path: RouterPath = "", access: RouteAccess, use handler: @escaping Handler) {
        on(path, method: .delete, access: access, use: handler)
    }

    private func on(_ path: RouterPath, method: HTTPRequest.Method, access: RouteAccess, use handler: @escaping Handler)
    {
        table.declare(access, method: method, path: self.path.appendingPath(path))
        // A group of its own per route: the access middleware applies to this route only.
        let route = group.group()
        if access != .anyone {
            route.add(middleware: RouteAccessMiddleware(access: access, authentication: authentication))
        }
        route.on(path, method: method, use: handler)
    }
}
