import Synchronization

/// What one request's audit line names, noted by the parts that learn it as the request goes
/// through: the authentication (who called), the access checks (which resource and action), the
/// error mapping (the answer's code), a login (the uid logged in) and a resolve call (space and
/// paths). Recorded once, by `RequestAuditMiddleware`. A reference, because the middleware that
/// records runs outside the routes that note, and contexts are copied on the way in.
final class RequestAuditRecord: Sendable {
    /// The facts a line names.
    struct Facts: Sendable {
        /// The caller, once authenticated; for a login, the uid logged in.
        var uid: String?
        /// The last resource id checked.
        var object: String?
        /// The action checked on it.
        var action: String?
        /// The answer's error code, when it is an error.
        var reason: String?
        /// On a resolve call, what it is about.
        var resolve: ResolveFacts?
    }

    /// What a resolve call is about, as the route learns it.
    struct ResolveFacts: Sendable {
        /// The normalised space, once it parsed.
        var space: String?
        /// The normalised paths asked for, once they all parsed.
        var paths: [String] = []
        /// For a validation or a refusal: the paths it is about.
        var offending: [String] = []
    }

    private let state = Mutex(Facts())

    /// A request about which nothing is known yet.
    init() {}

    /// Notes what a part learnt.
    func note(_ change: (inout Facts) -> Void) {
        state.withLock { change(&$0) }
    }

    /// Notes a resolve call's facts.
    func noteResolve(_ change: (inout ResolveFacts) -> Void) {
        state.withLock { facts in
            var resolve = facts.resolve ?? ResolveFacts()
            change(&resolve)
            facts.resolve = resolve
        }
    }

    /// What was noted so far.
    var facts: Facts { state.withLock { $0 } }
}
