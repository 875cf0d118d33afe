import Hummingbird
import SecretStoreCore

/// Leaves the one audit line of every resolve call, whatever its outcome: runs outside the route's
/// access check, so that a call without a valid token is recorded too, hands the route a
/// `ResolveCall` to note its facts in, and records them with the decision the outcome comes to.
struct ResolveAuditMiddleware: RouterMiddleware {
    typealias Context = SecretStoreRequestContext

    let audit: ResolveAudit

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let validate = request.uri.queryParameters.get("validate") == "true"
        let call = ResolveCall()
        var context = context
        context.resolveCall = call
        let outcome: Result<Response, any Error>
        do {
            outcome = .success(try await next(request, context))
        } catch {
            outcome = .failure(error)
        }
        let facts = call.facts
        switch outcome {
        case .success:
            audit.record(
                uid: facts.uid ?? "-", space: facts.space, paths: facts.paths, validate: validate,
                decision: validate ? .validated : .delivered, offending: facts.offending)
        case .failure(let error):
            audit.record(
                uid: facts.uid ?? "-", space: facts.space, paths: facts.paths, validate: validate,
                decision: Self.decision(error), offending: (error as? SecretError)?.paths ?? [])
        }
        return try outcome.get()
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
            let status = APIError(error).status
            if status == .unauthorized { return .unauthenticated }
            return status.code < 500 ? .invalid : .failed
        }
    }
}
