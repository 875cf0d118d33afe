import Hummingbird
import SecretStoreCore

/// `POST /secrets/v1/resolve/{store}` (contract §6): the secrets a task of one service receives at
/// launch, all or nothing, or with `?validate=true` how each would fare, without values. Every call
/// that reaches the route leaves one audit line, whatever its outcome.
struct ResolveRoutes: Sendable {
    let resolver: SecretResolver
    let audit: ResolveAudit

    typealias Context = SecretStoreRequestContext

    /// The largest request body: 100 paths of 1,024 bytes with their quoting, and room to spare.
    static let bodyLimit = 256 * 1024

    /// Adds the route to `group` (already behind authentication).
    func register(on group: RouterGroup<Context>) {
        group.post("/resolve/:store", use: resolve)
    }

    @Sendable func resolve(_ request: Request, _ context: Context) async throws -> Response {
        let account = try context.requireAccount()
        let validate = request.uri.queryParameters.get("validate") == "true"
        var space: String?
        var paths: [String] = []
        do {
            try StoreName.require(context)
            let body = try await request.decodeJSON(
                as: ResolvePayloads.Request.self, context: context, limit: Self.bodyLimit)
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
                return JSONResponse.make(.ok, validation)
            }
            let resolved = try await resolver.resolve(secrets, for: rule, mayRead: mayRead)
            audit.record(uid: account.uid, space: space, paths: paths, validate: false, decision: .delivered)
            return JSONResponse.make(.ok, ResolvePayloads.Answer(resolved))
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
