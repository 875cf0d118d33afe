/// Who may call a route. Every route declares one where it is added (`AccessGroup`), and the
/// declared requirement is enforced before the route's handler runs (`RouteAccessMiddleware`).
public enum RouteAccess: String, Sendable, CaseIterable {
    /// No token needed: liveness, login, the JWKS.
    case anyone
    /// Any valid token (401 without one). The handler checks the fine-grained `dcos:secrets`
    /// permissions itself, because they depend on the path and the action.
    case authenticated
    /// A valid token (401 without one) of an account holding `dcos:superuser` (403 otherwise).
    case superuser
}
