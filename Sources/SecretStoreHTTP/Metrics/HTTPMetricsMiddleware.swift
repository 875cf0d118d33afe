import Hummingbird
import SecretStoreCore

/// Counts every answered request in `secretstore_http_requests_total{route,method,status}` and
/// times it in `secretstore_http_request_duration_seconds{route,method}` (contract §9).
///
/// Outermost router middleware: it sees the final status of redirects, refusals and errors alike
/// (a thrown error counts as the status the one error mapping gives it). `route` is the route
/// template Hummingbird matched (`/secrets/v1/secret/{store}/**`), never the path asked for, and
/// `NotFound` when none matched; an unusual method counts as `OTHER`. Both keep the label values
/// few whatever clients send.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: StoreMetrics

    /// The `route` label of requests that matched no route.
    static var notFoundRoute: String { "NotFound" }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: response.status.code, since: started)
            return response
        } catch {
            record(request, context, status: APIError(error).status.code, since: started)
            throw error
        }
    }

    private func record(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        metrics.requestAnswered(
            route: context.endpointPath ?? Self.notFoundRoute, method: Self.methodLabel(request.method),
            status: status, duration: .now - started)
    }

    /// The method's name for the standard methods, else `OTHER`.
    static func methodLabel(_ method: HTTPRequest.Method) -> String {
        switch method {
        case .get, .head, .put, .post, .patch, .delete, .options: method.rawValue
        default: "OTHER"
        }
    }
}
