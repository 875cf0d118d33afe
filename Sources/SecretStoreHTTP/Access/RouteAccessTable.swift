import HTTPTypes
import Hummingbird
import Synchronization

/// The access every route of a router declared, keyed like Hummingbird's `RouteDescription`
/// (`"GET /secrets/v1/seal-status/{store}"`). Filled while the router is built, read for every
/// request by `DeclaredRouteMiddleware`, and by the tests that compare it with the router's routes.
public final class RouteAccessTable: Sendable {
    private let declared = Mutex<[String: RouteAccess]>([:])
    /// Each declared route's method and template segments, split once as it is declared: what a
    /// request that matched no route is compared with (`methods(matching:)`).
    private let templates = Mutex<[(method: String, segments: [Substring])]>([])

    /// An empty table.
    public init() {}

    /// Records that `method` on `path` requires `access`.
    func declare(_ access: RouteAccess, method: HTTPRequest.Method, path: RouterPath) {
        let template = path.description
        let route = Self.route(method: method, path: template)
        declared.withLock { $0[route] = access }
        templates.withLock { $0.append((method.rawValue, template.split(separator: "/"))) }
    }

    /// What the route matched by `method` and the endpoint `path` (`context.endpointPath`) declared,
    /// or `nil` if it declared nothing.
    func access(method: HTTPRequest.Method, path: String) -> RouteAccess? {
        let route = Self.route(method: method, path: path)
        return declared.withLock { $0[route] }
    }

    /// Every declared route (`"METHOD /path"`) with its access.
    public var routes: [String: RouteAccess] { declared.withLock { $0 } }

    /// The methods of the declared routes whose template matches a request's `path`, sorted: what a
    /// 405 answer's `Allow` names when the path exists but the method does not.
    func methods(matching path: String) -> [String] {
        let segments = path.split(separator: "/")
        let methods = templates.withLock { templates in
            templates.filter { Self.template($0.segments, matches: segments) }.map(\.method)
        }
        return Set(methods).sorted()
    }

    /// Whether a route template's segments (`secrets`, `v1`, `secret`, `{store}`, `**`) match a
    /// path's non-empty segments as the router does: `{name}` is any one segment, a final `**` one
    /// or more.
    static func template(_ parts: [Substring], matches segments: [Substring]) -> Bool {
        for (index, part) in parts.enumerated() {
            if part == "**" { return index == parts.count - 1 && segments.count > index }
            guard index < segments.count else { return false }
            if !(part.hasPrefix("{") && part.hasSuffix("}")) && part != segments[index] { return false }
        }
        return parts.count == segments.count
    }

    private static func route(method: HTTPRequest.Method, path: String) -> String { "\(method) \(path)" }
}
