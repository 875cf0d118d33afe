import Logging

/// The audit trail of launch-time delivery: one log line per resolve call, whatever its outcome,
/// naming the caller, the space, the paths and the decision. Never a value.
///
/// Lines go to the logger labelled `secretstore.audit` at level `notice`, with a level of its own,
/// so that `--log-level warning` keeps the trail; operators route the label where audits go.
public struct ResolveAudit: Sendable {
    /// What the call came to.
    public enum Decision: String, Sendable {
        /// Every value was returned.
        case delivered
        /// A `?validate=true` call answered; the line lists the denied and missing paths.
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

    /// The label audit lines are logged under.
    public static let label = "secretstore.audit"

    private let logger: Logger

    /// An audit trail written to `logger` (by default one labelled `secretstore.audit`).
    public init(logger: Logger = Logger(label: ResolveAudit.label)) {
        var logger = logger
        logger.logLevel = .notice
        self.logger = logger
    }

    /// Records one call. `offending` names the paths a refusal or a validation is about.
    public func record(
        uid: String, space: String?, paths: [String], validate: Bool, decision: Decision, offending: [String] = []
    ) {
        var metadata: Logger.Metadata = [
            "uid": "\(uid)", "space": "\(space ?? "-")", "paths": "\(paths.joined(separator: ","))",
            "decision": "\(decision.rawValue)", "validate": "\(validate)",
        ]
        if !offending.isEmpty { metadata["offending"] = "\(offending.joined(separator: ","))" }
        logger.notice("resolve", metadata: metadata)
    }
}
