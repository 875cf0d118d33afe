/// `GET /acs/api/v1/acls/{rid}/users/{uid}/{action}` (and `.../groups/...`): `{"allowed": bool}`.
public struct AllowedAnswer: Codable, Sendable, Equatable {
    /// Whether the action is allowed.
    public var allowed: Bool

    /// An answer.
    public init(allowed: Bool) {
        self.allowed = allowed
    }
}
