/// `POST /secrets/v1/audit-hash` (contract §9): `{"input": "app/db"}`, a secret path or folder whose
/// audit lines an operator wants to find.
public struct AuditHashBody: Codable, Sendable, Equatable {
    /// The path, in any form the path rule normalises (`/app//db` and `app/db` hash alike).
    public var input: String

    /// A body asking for `input`'s hash.
    public init(input: String) { self.input = input }
}
