/// What an audit line adds for a resolve call (contract §6): the space asked from, the paths asked
/// for and the paths a refusal or validation is about, all hidden like every path, and what the
/// call came to.
public struct ResolveAuditFacts: Sendable {
    /// What a resolve call came to.
    public enum Decision: String, Sendable {
        /// Every value was returned.
        case delivered
        /// A `?validate=true` call answered; `offending` lists the denied and missing paths.
        case validated
        /// Some path is outside the space; nothing was returned.
        case spaceDenied = "space_denied"
        /// The caller may not read some path; nothing was returned.
        case forbidden
        /// Some path holds no secret; nothing was returned.
        case missing
        /// The store is sealed.
        case sealed
        /// The request was malformed (bad JSON, space or path).
        case invalid
        /// No valid token: refused before the route (401).
        case unauthenticated
        /// Storage or another failure; nothing was returned.
        case failed
    }

    /// The space (the service id), hidden; `nil` until it parsed.
    public var space: String?
    /// The paths asked for, hidden.
    public var paths: [String]
    /// The paths a refusal or validation is about, hidden.
    public var offending: [String]
    /// Whether this was `?validate=true`.
    public var validate: Bool
    /// What the call came to.
    public var decision: Decision

    /// Facts of one call.
    public init(space: String?, paths: [String], offending: [String], validate: Bool, decision: Decision) {
        self.space = space
        self.paths = paths
        self.offending = offending
        self.validate = validate
        self.decision = decision
    }
}
