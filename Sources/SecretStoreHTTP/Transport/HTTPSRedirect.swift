import Hummingbird

/// What the plain-HTTP listener sends to HTTPS (contract §7): only the root path in `permissive`,
/// every request in `strict`. A 307, so the method and body are kept.
public struct HTTPSRedirect: Sendable {
    /// Which requests are redirected.
    public enum Scope: Sendable {
        /// `/` (and the empty path) only.
        case rootOnly
        /// Every request.
        case everything
    }

    /// Which requests are redirected.
    public var scope: Scope
    /// The HTTPS listener's port.
    public var httpsPort: Int
    /// The host named when a request has no `Host` header: the first `--tls-hostname`, else the
    /// listening address.
    public var fallbackHost: String

    /// Creates a redirect.
    public init(scope: Scope, httpsPort: Int, fallbackHost: String) {
        self.scope = scope
        self.httpsPort = httpsPort
        self.fallbackHost = fallbackHost
    }

    /// Whether `request` is redirected.
    func applies(to request: Request) -> Bool {
        switch scope {
        case .everything: true
        case .rootOnly: request.uri.path == "/" || request.uri.path.isEmpty
        }
    }

    /// `https://<host of the Host header>:<https port><path and query exactly as received>`.
    package func location(for request: Request) -> String {
        let host = request.head.authority.map(Self.hostPart) ?? fallbackHost
        return "https://\(host):\(httpsPort)\(request.head.path ?? "/")"
    }

    /// The host of a `Host` header without its port; an IPv6 literal keeps its brackets.
    static func hostPart(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[...close])
        }
        if let colon = authority.lastIndex(of: ":") { return String(authority[..<colon]) }
        return authority
    }
}

/// Answers the requests an `HTTPSRedirect` covers with a 307 to HTTPS; the rest go on.
struct HTTPSRedirectMiddleware<Context: RequestContext>: RouterMiddleware {
    let redirect: HTTPSRedirect

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard redirect.applies(to: request) else { return try await next(request, context) }
        return Response(
            status: .temporaryRedirect,
            headers: [.location: redirect.location(for: request), .contentLength: "0"])
    }
}

/// Adds `Strict-Transport-Security` to every HTTPS answer in `strict` mode, errors included.
struct StrictTransportSecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    /// One year (contract §7's choice).
    static var value: String { "max-age=31536000" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var response = try await next(request, context)
        response.headers[.strictTransportSecurity] = Self.value
        return response
    }
}
