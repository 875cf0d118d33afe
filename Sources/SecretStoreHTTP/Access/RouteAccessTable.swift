import HTTPTypes
import Hummingbird
import Synchronization

/// The access every route of a router declared, keyed like Hummingbird's `RouteDescription`
/// (`"GET /secrets/v1/seal-status/{store}"`). Filled while the router is built, read for every
/// request by `DeclaredRouteMiddleware`, and by the tests that compare it with the router's routes.
public final class RouteAccessTable: Sendable {
    private let declared = Mutex<[String: RouteAccess]>([:])

    /// An empty table.
    public init() {}

    /// Records that `method` on `path` requires `access`.
    func declare(_ access: RouteAccess, method: HTTPRequest.Method, path: RouterPath) {
        let route = Self.route(method: method, path: path.description)
        declared.withLock { $0[route] = access }
    }

    /// What the route matched by `method` and the endpoint `path` (`context.endpointPath`) declared,
    /// or `nil` if it declared nothing.
    func access(method: HTTPRequest.Method, path: String) -> RouteAccess? {
        let route = Self.route(method: method, path: path)
        return declared.withLock { $0[route] }
    }

    /// Every declared route (`"METHOD /path"`) with its access.
    public var routes: [String: RouteAccess] { declared.withLock { $0 } }

    private static func route(method: HTTPRequest.Method, path: String) -> String { "\(method) \(path)" }
}
