import Hummingbird
import SecretStoreWire

/// Renders every error of the CA API as cfssl's envelope (contract §8): `success: false`, the
/// status as `errors[0].code`, and the message after the contract's code (`"SEALED: …"`). Runs
/// outside the access check, so refusals (401 with `WWW-Authenticate`, 403) are enveloped too.
struct CFSSLErrorMiddleware: RouterMiddleware {
    typealias Context = SecretStoreRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let answer = APIError.answering(error, to: request, context: context)
            var response = JSONResponse.make(
                answer.status,
                CFSSLFailure(status: answer.status.code, code: answer.code, message: answer.message))
            response.headers.append(contentsOf: answer.headers)
            return response
        }
    }
}
