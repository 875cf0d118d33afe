import Hummingbird
import SecretStoreCore

/// Leaves one audit line for every request (contract §9), whatever its outcome: the router's
/// outermost middleware, so it sees redirects, refusals and requests for no route.
///
/// Before the request acts, the trail must admit it (503 `AUDIT_UNAVAILABLE` otherwise, with no
/// effect), and a request that may change the store (any method but GET and HEAD) waits for its
/// intent line to be written: if the trail broke since the last line, the request is refused with no
/// effect, not acted on and then refused. After the route answered, the request's line is written
/// and the answer waits for it; if it cannot be written in time the answer is replaced by 503, so no
/// value leaves unaudited. Liveness, health and metrics never wait for the trail: they must answer
/// while it is broken.
struct RequestAuditMiddleware: RouterMiddleware {
    typealias Context = SecretStoreRequestContext

    let trail: AuditTrail

    /// The paths that answer while the trail is broken: their lines are written when it can be.
    static let unblockedPaths: Set<String> = ["/ping", "/secrets/v1/ping", "/secrets/v1/health", "/metrics"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let time = AuditTimestamp.now
        let unblocked = Self.unblockedPaths.contains(request.uri.path)
        if !unblocked {
            do {
                try trail.admit()
                if request.method != .get, request.method != .head {
                    try await trail.write(
                        AuditIntent(
                            time: time, requestID: context.id, sourceIP: context.remoteAddress?.auditIPAddress,
                            sourcePort: context.remoteAddress?.port, method: request.method.rawValue,
                            requestURI: AuditRequestURI.hiding(
                                request.uri, route: context.endpointPath, hasher: trail.hasher)))
                }
            } catch {
                return APIError(error).response()
            }
        }
        let record = RequestAuditRecord()
        if context.endpointPath?.hasPrefix(ResolveRoutes.pathPrefix) == true { record.noteResolve { _ in } }
        var context = context
        context.auditRecord = record
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = APIError.answering(error, to: request, context: context).response()
        }
        let line = AuditLine(
            request: request, context: context, facts: record.facts, status: response.status.code,
            time: time, duration: ContinuousClock.now - started, hasher: trail.hasher)
        if unblocked {
            trail.post(line)
            return response
        }
        do {
            try await trail.write(line)
        } catch {
            return APIError(error).response()
        }
        return response
    }
}
