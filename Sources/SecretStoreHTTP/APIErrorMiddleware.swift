import Hummingbird
import Logging
import SecretStoreCore

/// Turns every error a route throws (domain errors, Hummingbird's own 404 and 413, anything else)
/// into the contract's error response. Outermost middleware, so that nothing escapes it.
struct APIErrorMiddleware: RouterMiddleware {
    typealias Context = SecretStoreRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return APIError.answering(error, to: request, context: context).response()
        }
    }
}

extension APIError {
    /// The answer to `error`, logged when it is the server's fault (5xx), and noted for the
    /// request's audit line (its code; for a refused resolve call, the paths it is about).
    static func answering(_ error: any Error, to request: Request, context: SecretStoreRequestContext) -> APIError {
        let answer = APIError(error)
        if let record = context.auditRecord {
            record.note { $0.reason = answer.code }
            if let paths = (error as? SecretError)?.paths, !paths.isEmpty, record.facts.resolve != nil {
                record.noteResolve { $0.offending = paths }
            }
        }
        if answer.status.code >= 500 {
            context.logger.error(
                "Request failed",
                metadata: [
                    // The route template, not the path: secret paths stay out of the log, as they stay
                    // out of the audit trail; the request id finds the request's audit line.
                    "route": "\(context.endpointPath ?? "NotFound")", "method": "\(request.method)",
                    "error": "\(error)",
                ])
        }
        return answer
    }
}
