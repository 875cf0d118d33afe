import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// `GET /secrets/v1/health` (contract §9): unauthenticated readiness, for load balancers and
/// orchestrators. `GET /ping` stays the plain liveness check.
struct HealthRoutes: Sendable {
    let seal: SealService

    typealias Context = SecretStoreRequestContext

    /// Adds the route to `group` (`/secrets/v1`).
    func register(on group: AccessGroup) {
        group.get("/health", access: .anyone, use: health)
    }

    /// 200 when initialised, unsealed and connected, else 503, with the same body either way.
    @Sendable func health(_ request: Request, _ context: Context) async -> Response {
        let health = await seal.health()
        let answer = HealthAnswer(
            initialized: health.initialized, sealed: health.sealed,
            storage: health.storageReachable ? .connected : .unavailable, version: ServerVersion.version)
        return JSONResponse.make(health.isHealthy ? .ok : .serviceUnavailable, answer)
    }
}
