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
        /// Where every request is recorded; `nil` records nothing (`--no-audit`, and tests that are
        /// not about the trail).
        public var trail: AuditTrail?
        /// Bounds the memory of secret uploads in progress.
        public var uploads: UploadBudget
        /// The store's certificate authority.
        public var authority: CertificateAuthority
        /// The installation's cluster id.
        public var installation: Installation
        /// The store's metrics: counted by the routes and parts, rendered by `GET /metrics`.
        public var metrics: StoreMetrics
        /// Whether `GET /metrics` answers anyone, without a token (`--metrics-unauthenticated`).
        public var metricsUnauthenticated: Bool

        /// Gathers the services.
        public init(
            identity: IdentityService, seal: SealService, vault: SecretVault, authority: CertificateAuthority,
            installation: Installation, backend: StoreBackendDescription, trail: AuditTrail? = nil,
            uploads: UploadBudget = UploadBudget(), metrics: StoreMetrics = .prometheus(),
            metricsUnauthenticated: Bool = false
        ) {
            self.metrics = metrics
            self.metricsUnauthenticated = metricsUnauthenticated
            self.authority = authority
            self.installation = installation
            self.uploads = uploads
            self.identity = identity
            self.seal = seal
            self.vault = vault
            self.backend = backend
            self.trail = trail
        }
    }

    /// Every route: liveness, the secrets and seal APIs, the identity API, the CA and what the `dcos`
    /// CLI reads to attach, as `listener` serves them. Errors from any route, and requests for no
    /// route, are answered with the contract's `{"code","message"}` body (cfssl's envelope under
    /// `/ca/api/v2`).
    public static func build(_ services: Services, listener: Listener = .plain) -> Router<SecretStoreRequestContext> {
        build(services, listener: listener, access: RouteAccessTable())
    }

    /// The router, with every route's declared `RouteAccess` recorded in `table`. Each route is added
    /// through an `AccessGroup`, which takes who may call it as a required argument; a route added
    /// any other way is refused (500) by `DeclaredRouteMiddleware`.
    public static func build(
        _ services: Services, listener: Listener = .plain, access table: RouteAccessTable
    ) -> Router<SecretStoreRequestContext> {
        let router = Router(context: SecretStoreRequestContext.self)
        // Outermost, so that every answer is counted with its final status, redirects included.
        router.add(middleware: HTTPMetricsMiddleware(metrics: services.metrics))
        // Next, so that every answer leaves its audit line, and the trail's own refusals are counted.
        if let trail = services.trail { router.add(middleware: RequestAuditMiddleware(trail: trail)) }
        // Router middlewares wrap the routes added after them (and the not-found answer): the
        // transport's go first, so a redirect answers before anything else and HSTS is on every
        // HTTPS answer, errors included.
        if let redirect = listener.redirect { router.add(middleware: HTTPSRedirectMiddleware(redirect: redirect)) }
        if listener.strictTransportSecurity { router.add(middleware: StrictTransportSecurityMiddleware()) }
        router.add(middleware: APIErrorMiddleware())
        router.add(middleware: StorageDeadlineMiddleware())
        router.add(middleware: DeclaredRouteMiddleware(table: table))
        let authentication = AuthenticationMiddleware(
            authority: services.identity.authority, directory: services.identity.directory)
        func group(_ path: RouterPath, outside middleware: AccessGroup.Middleware? = nil) -> AccessGroup {
            AccessGroup(path, on: router, table: table, authentication: authentication, outside: middleware)
        }

        let root = group("")
        root.get("/ping", access: .anyone, use: ping)
        root.get("/secrets/v1/ping", access: .anyone, use: ping)
        ClusterRoutes(installation: services.installation).register(on: root)
        MetricsRoutes(
            metrics: services.metrics, seal: services.seal, capacity: services.vault.capacity,
            unauthenticated: services.metricsUnauthenticated
        ).register(on: root)
        IdentityRoutes(services.identity, secureCookies: listener.isHTTPS).register(on: group("/acs/api/v1"))
        let secrets = group("/secrets/v1")
        HealthRoutes(seal: services.seal).register(on: secrets)
        SealRoutes(seal: services.seal, backend: services.backend, capacity: services.vault.capacity).register(
            on: secrets)
        SecretRoutes(vault: services.vault, uploads: services.uploads).register(on: secrets)
        BackupRoutes(
            seal: services.seal,
            dependents: [services.identity, services.installation] + (services.trail.map { [$0] } ?? []),
            capacity: services.vault.capacity
        ).register(on: secrets)
        AuditHashRoutes(hasher: services.trail?.hasher).register(on: secrets)
        ResolveRoutes(resolver: SecretResolver(vault: services.vault)).register(
            on: group(RouterPath(ResolveRoutes.pathPrefix)))
        CARoutes(authority: services.authority).register(
            on: group("/ca"), api: group("/ca/api/v2", outside: CFSSLErrorMiddleware()))
        return router
    }

    /// `GET /ping`: unauthenticated liveness, `pong` as exactly `text/plain`.
    @Sendable static func ping(_ request: Request, _ context: SecretStoreRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: "pong")))
    }
}
