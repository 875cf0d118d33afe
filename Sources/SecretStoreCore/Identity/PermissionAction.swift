/// What a grant allows on a resource: the DC/OS actions. `full` implies the other four.
public enum PermissionAction: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case create
    case read
    case update
    case delete
    case full

    /// Parses an action named in a request; anything but the five names is a bad request.
    public init(parsing name: String) throws(IdentityError) {
        guard let action = PermissionAction(rawValue: name) else {
            throw IdentityError(.badRequest, "unknown action '\(name)': use create, read, update, delete or full")
        }
        self = action
    }

    /// Whether holding this action allows `requested`.
    public func allows(_ requested: PermissionAction) -> Bool {
        self == .full || self == requested
    }

    public static func < (lhs: PermissionAction, rhs: PermissionAction) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
