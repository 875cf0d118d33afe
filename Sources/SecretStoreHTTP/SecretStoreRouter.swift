import Hummingbird

/// Builds the router of the secret store's HTTP API.
public enum SecretStoreRouter {
    /// The routes served so far: liveness under both the root and the secrets API prefix.
    public static func build() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/ping", use: ping)
        router.get("/secrets/v1/ping", use: ping)
        return router
    }

    /// `GET /ping`: unauthenticated liveness, `pong` as exactly `text/plain`.
    @Sendable static func ping(_ request: Request, _ context: BasicRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "pong")))
    }
}
