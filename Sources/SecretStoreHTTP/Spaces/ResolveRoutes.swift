import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// `POST /secrets/v1/resolve/{store}` (contract §6): the secrets a task of one service receives at
/// launch, all or nothing, or with `?validate=true` how each would fare, without values. Every call
/// leaves one audit line, whatever its outcome, a call without a valid token included.
struct ResolveRoutes: Sendable {
    let resolver: SecretResolver
    let audit: ResolveAudit

    typealias Context = SecretStoreRequestContext

    /// The largest request body: 100 paths of 1,024 bytes with their quoting, and room to spare.
    static let bodyLimit = 256 * 1024

    /// Adds the route to `router`, behind `authentication`, with the audit of refused tokens before it.
    func register(on router: Router<Context>, authentication: AuthenticationMiddleware) {
        router.group("/secrets/v1/resolve")
            .add(middleware: UnauthenticatedAudit(audit: audit))
            .add(middleware: authentication)
            .post(":store", use: resolve)
    }

    /// Records the calls the authentication middleware refuses, which never reach the route.
    struct UnauthenticatedAudit: RouterMiddleware {
        let audit: ResolveAudit

        func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
            async throws -> Response
        {
            do {
                return try await next(request, context)
            } catch let error as APIError where error.status == .unauthorized {
                audit.record(
                    uid: "-", space: nil, paths: [], validate: request.uri.queryParameters.get("validate") == "true",
                    decision: .unauthenticated)
                throw error
            }
        }
    }

    @Sendable func resolve(_ request: Request, _ context: Context) async throws -> Response {
        let account = try context.requireAccount()
        let validate = request.uri.queryParameters.get("validate") == "true"
        var space: String?
        var paths: [String] = []
        do {
            try StoreName.require(context)
            let body = try await request.decodeJSON(
                as: ResolveBody.self, context: context, limit: Self.bodyLimit)
            let rule = SpaceRule(service: try ServiceID(normalizing: body.space))
            space = rule.service.description
            let secrets = try body.secrets.map { raw throws(SecretError) in try SecretPath.secret(raw) }
            paths = secrets.map(\.path)
            let mayRead = { (path: SecretPath) in account.identity.isAllowed(account.uid, .read, on: .secret(path.path))
            }
            if validate {
                let validation = try await resolver.validate(secrets, for: rule, mayRead: mayRead)
                audit.record(
                    uid: account.uid, space: space, paths: paths, validate: true, decision: .validated,
                    offending: validation.denied + validation.missing)
                return JSONResponse.make(.ok, ResolveValidationAnswer(validation))
            }
            let resolved = try await resolver.resolve(secrets, for: rule, mayRead: mayRead)
            audit.record(uid: account.uid, space: space, paths: paths, validate: false, decision: .delivered)
            return JSONResponse.make(.ok, ResolveAnswer(resolved))
        } catch {
            audit.record(
                uid: account.uid, space: space, paths: paths, validate: validate, decision: Self.decision(error),
                offending: (error as? SecretError)?.paths ?? [])
            throw error
        }
    }

    /// The audit decision for a refused call.
    static func decision(_ error: any Error) -> ResolveAudit.Decision {
        switch error {
        case let error as SecretError:
            switch error.code {
            case .spaceDenied: return .spaceDenied
            case .forbidden: return .forbidden
            case .notFound: return .missing
            case .badRequest, .invalidPath: return .invalid
            default: return .failed
            }
        case let error as SealError where error.code == .sealed:
            return .sealed
        default:
            return APIError(error).status.code < 500 ? .invalid : .failed
        }
    }
}
