import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// The identity API under `/acs/api/v1`: login and the JWKS for everyone, the management of users,
/// groups, memberships, ACLs and grants for superusers only.
struct IdentityRoutes: Sendable {
    let directory: IdentityDirectory
    let authority: TokenAuthority
    let login: LoginService
    let hasher: PasswordHasher
    /// Whether the auth cookie carries `Secure` (set over HTTPS, contract §7).
    let secureCookies: Bool

    typealias Context = SecretStoreRequestContext

    /// The routes of `identity`.
    init(_ identity: IdentityService, secureCookies: Bool) {
        self.secureCookies = secureCookies
        directory = identity.directory
        authority = identity.authority
        login = identity.login
        hasher = identity.hasher
    }

    /// Adds the routes to `group` (`/acs/api/v1`): logging in and out and the JWKS for anyone,
    /// everything else for superusers.
    func register(on group: AccessGroup) {
        group.post("/auth/login", access: .anyone, use: logIn)
        group.get("/auth/jwks", access: .anyone, use: jwks)
        group.get("/auth/providers", access: .anyone, use: providers)
        group.post("/auth/logout", access: .anyone, use: logOut)
        registerUsers(on: group)
        registerGroups(on: group)
        registerACLs(on: group)
    }

    // MARK: Authentication

    @Sendable func logIn(_ request: Request, _ context: Context) async throws -> Response {
        let body = try await request.decodeJSON(as: LoginBody.self, context: context)
        let issued: IssuedToken
        switch (body.password, body.token) {
        case (let password?, nil):
            issued = try await login.login(uid: body.uid, password: password, from: context.clientAddress)
        case (nil, let token?):
            issued = try await login.login(uid: body.uid, serviceToken: token, from: context.clientAddress)
        default:
            throw IdentityError(.badRequest, "send either password or token with the uid")
        }
        context.auditRecord?.note { $0.uid = body.uid }
        var response = JSONResponse.make(.ok, TokenAnswer(token: issued.token))
        let cookie = Cookie(
            name: AuthenticationMiddleware.cookieName, value: issued.token, expires: issued.expires, path: "/",
            secure: secureCookies, httpOnly: true, sameSite: .strict)
        response.setCookie(cookie)
        return response
    }

    @Sendable func logOut(_ request: Request, _ context: Context) async throws -> Response {
        var response = JSONResponse.empty(.noContent)
        response.setCookie(
            Cookie(
                name: AuthenticationMiddleware.cookieName, value: "", maxAge: 0, path: "/", secure: secureCookies,
                httpOnly: true))
        return response
    }

    @Sendable func providers(_ request: Request, _ context: Context) async throws -> Response {
        JSONResponse.make(.ok, AuthProvider.standard)
    }

    @Sendable func jwks(_ request: Request, _ context: Context) async throws -> Response {
        JSONResponse.make(.ok, authority.publicKeys)
    }
}
