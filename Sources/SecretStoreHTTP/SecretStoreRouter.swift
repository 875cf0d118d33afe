import Hummingbird
import SecretStoreCore

/// Builds the router of the secret store's HTTP API.
public enum SecretStoreRouter {
    /// The parts of the server the routes use.
    public struct Services: Sendable {
        /// Users, groups, ACLs, tokens and login.
        public var identity: IdentityService
        /// Init, seal and unseal.
        public var seal: SealService
        /// The secrets.
        public var vault: SecretVault
        /// How `GET /secrets/v1/store` describes the backend.
        public var backend: StoreBackendDescription
        /// Where resolve calls are recorded.
        public var audit: ResolveAudit
        /// Bounds the memory of secret uploads in progress.
        public var uploads: UploadBudget

        /// Gathers the services.
        public init(
            identity: IdentityService, seal: SealService, vault: SecretVault, backend: StoreBackendDescription,
            audit: ResolveAudit = ResolveAudit(), uploads: UploadBudget = UploadBudget()
        ) {
            self.uploads = uploads
            self.identity = identity
            self.seal = seal
            self.vault = vault
            self.backend = backend
            self.audit = audit
        }
    }

    /// Every route: liveness, the secrets and seal APIs, and the identity API. Errors from any route,
    /// and requests for no route, are answered with the contract's `{"code","message"}` body.
    public static func build(_ services: Services) -> Router<SecretStoreRequestContext> {
        let router = Router(context: SecretStoreRequestContext.self)
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: StorageDeadlineMiddleware())
        router.get("/ping", use: ping)
        router.get("/secrets/v1/ping", use: ping)
        IdentityRoutes(services.identity).register(on: router)
        let authentication = AuthenticationMiddleware(
            authority: services.identity.authority, directory: services.identity.directory)
        let secrets = router.group("/secrets/v1").add(middleware: authentication)
        SealRoutes(seal: services.seal, backend: services.backend, capacity: services.vault.capacity).register(
            on: secrets)
        SecretRoutes(vault: services.vault, uploads: services.uploads).register(on: secrets)
        ResolveRoutes(resolver: SecretResolver(vault: services.vault), audit: services.audit)
            .register(on: router, authentication: authentication)
        return router
    }

    /// `GET /ping`: unauthenticated liveness, `pong` as exactly `text/plain`.
    @Sendable static func ping(_ request: Request, _ context: SecretStoreRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "pong")))
    }
}
