/// One secret as the launcher receives it: its path and its record (kind and value).
public struct ResolvedSecret: Sendable {
    /// The normalised path.
    public var path: SecretPath
    /// The secret, its value included: never log it.
    public var record: SecretRecord
}

/// How each path of a `?validate=true` call fares, without any value: for deploy-time checks.
public struct ResolveValidation: Sendable, Equatable {
    /// Paths inside the space, readable by the caller, and present.
    public var allowed: [String] = []
    /// Paths outside the space, or that the caller may not read.
    public var denied: [String] = []
    /// Paths the caller could receive but that hold no secret.
    public var missing: [String] = []

    /// Whether every path would be delivered.
    public var isComplete: Bool { denied.isEmpty && missing.isEmpty }
}
