import Hummingbird
import Logging

/// Turns every error a route throws (domain errors, Hummingbird's own 404 and 413, anything else)
/// into the contract's error response. Outermost middleware, so that nothing escapes it.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return APIError.answering(error, to: request, logger: context.logger).response()
        }
    }
}

extension APIError {
    /// The answer to `error`, logged when it is the server's fault (5xx).
    static func answering(_ error: any Error, to request: Request, logger: Logger) -> APIError {
        let answer = APIError(error)
        if answer.status.code >= 500 {
            logger.error(
                "Request failed",
                metadata: ["path": "\(request.uri.path)", "method": "\(request.method)", "error": "\(error)"])
        }
        return answer
    }
}
