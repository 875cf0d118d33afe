/// The answer of a successful login (contract §5): `{"token": "<JWT>"}`.
public struct TokenAnswer: Codable, Sendable, Equatable {
    /// The session token; never log it.
    public var token: String

    /// An answer carrying `token`.
    public init(token: String) {
        self.token = token
    }
}
