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
            let answer = APIError(error)
            if answer.status.code >= 500 {
                context.logger.error(
                    "Request failed",
                    metadata: ["path": "\(request.uri.path)", "method": "\(request.method)", "error": "\(error)"])
            }
            return answer.response()
        }
    }
}
