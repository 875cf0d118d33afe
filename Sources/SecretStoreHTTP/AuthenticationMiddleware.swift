import Hummingbird
import SecretStoreCore

/// Requires a valid session token on every request it guards and records the account in the
/// context. The token comes from `Authorization: token=<JWT>`, `Authorization: Bearer <JWT>`, or,
/// when there is no Authorization header, the `dcos-acs-auth-cookie` cookie. A missing, malformed,
/// expired or wrongly signed token, or one whose account no longer exists, is 401 with
/// `WWW-Authenticate: acsjwt`. "No longer exists" includes a later account with the same uid: the
/// token names the account instance it was issued to, and every other instance refuses it.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = SecretStoreRequestContext

    let authority: TokenAuthority
    let directory: IdentityDirectory

    /// The cookie the UI and `POST /auth/login` use.
    static let cookieName = "dcos-acs-auth-cookie"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let token = Self.token(in: request) else {
            throw APIError.unauthenticated("authentication required: send Authorization: token=<JWT>")
        }
        let claims: SessionClaims
        do {
            claims = try await authority.verify(token)
        } catch {
            throw APIError.unauthenticated(error.message)
        }
        let identity = directory.snapshot
        // A deleted and re-created uid is another account: the token of the deleted one must not
        // come back to life with the new one's grants.
        guard let user = identity.users[claims.uid], claims.names(user) else {
            throw APIError.unauthenticated("the token's account no longer exists")
        }
        context.auditRecord?.note { $0.uid = claims.uid }
        var context = context
        // The uid is not added to the request logger's metadata: swift-log's stream handler
        // re-renders all metadata on every change, which cost 6% of a cached read.
        context.account = AuthenticatedAccount(uid: claims.uid, identity: identity)
        return try await next(request, context)
    }

    /// The token a request carries, or `nil`.
    static func token(in request: Request) -> String? {
        if let authorization = request.headers[.authorization] {
            if authorization.hasPrefix("token=") { return nonEmpty(authorization.dropFirst("token=".count)) }
            let parts = authorization.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return nonEmpty(parts[1]) }
            return nil
        }
        return request.cookies[cookieName].flatMap { nonEmpty(Substring($0.value)) }
    }

    /// `text` without surrounding spaces and tabs, or `nil` if nothing is left. Works on the UTF-8
    /// bytes: Foundation's `trimmingCharacters` re-parses the token as UTF-16 on every request, which
    /// was a sixth of a cached secret read's CPU time.
    private static func nonEmpty(_ text: Substring) -> String? {
        let isBlank = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = text.utf8.firstIndex(where: { !isBlank($0) }),
            let last = text.utf8.lastIndex(where: { !isBlank($0) })
        else { return nil }
        return String(text[first...last])
    }
}
