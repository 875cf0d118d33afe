/// The answer of `POST /secrets/v1/audit-hash`: `{"hash": "hmac-sha256:<hex>"}`, the form the path
/// takes in audit lines.
public struct AuditHashAnswer: Codable, Sendable, Equatable {
    /// `hmac-sha256:` and 64 lowercase hex digits.
    public var hash: String

    /// An answer with `hash`.
    public init(hash: String) { self.hash = hash }
}
