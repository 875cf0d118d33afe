/// The answer of `POST /secrets/v1/resolve/{store}?validate=true` (contract §6): how each path
/// would fare, without any value, for deploy-time checks.
public struct ResolveValidationAnswer: Codable, Sendable, Equatable {
    /// Paths that would be delivered.
    public var allowed: [String]
    /// Paths outside the space, or that the caller may not read.
    public var denied: [String]
    /// Paths the caller could receive but that hold no secret.
    public var missing: [String]

    /// An answer with these lists.
    public init(allowed: [String], denied: [String], missing: [String]) {
        self.allowed = allowed
        self.denied = denied
        self.missing = missing
    }

    /// Whether every path would be delivered.
    public var isComplete: Bool { denied.isEmpty && missing.isEmpty }
}
