import Hummingbird
import SecretStoreCore

/// Builds the router of the secret store's HTTP API.
public enum SecretStoreRouter {
    /// Every route: liveness, and the identity API. Errors from any route, and requests for no
    /// route, are answered with the contract's `{"code","message"}` body.
    public static func build(identity: IdentityService) -> Router<SecretStoreRequestContext> {
        let router = Router(context: SecretStoreRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        router.get("/ping", use: ping)
        router.get("/secrets/v1/ping", use: ping)
        IdentityRoutes(identity).register(on: router)
        return router
    }

    /// `GET /ping`: unauthenticated liveness, `pong` as exactly `text/plain`.
    @Sendable static func ping(_ request: Request, _ context: SecretStoreRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "pong")))
    }
}
