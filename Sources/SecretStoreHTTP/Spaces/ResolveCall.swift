import Synchronization

/// What one resolve call is about, noted by the route as it learns it (who called, the space, the
/// paths asked for, the paths a validation found wanting) and recorded once, with the decision its
/// outcome comes to, by `ResolveAuditMiddleware`. A reference, because the middleware that records
/// runs outside the route that notes, and a refused token never reaches the route at all.
final class ResolveCall: Sendable {
    /// The facts an audit line names.
    struct Facts: Sendable {
        /// The caller, once authenticated.
        var uid: String?
        /// The normalised space, once it parsed.
        var space: String?
        /// The normalised paths asked for, once they all parsed.
        var paths: [String] = []
        /// For a validation: the denied and missing paths.
        var offending: [String] = []
    }

    private let state = Mutex(Facts())

    /// A call about which nothing is known yet.
    init() {}

    /// Notes what the route learnt.
    func note(_ change: (inout Facts) -> Void) {
        state.withLock { change(&$0) }
    }

    /// What was noted so far.
    var facts: Facts { state.withLock { $0 } }
}
