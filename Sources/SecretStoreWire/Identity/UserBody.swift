/// `PUT|PATCH /acs/api/v1/users/{uid}` (contract §5): a password makes a user, a public key a
/// service account. Absent fields are not sent.
public struct UserBody: Codable, Sendable, Equatable {
    /// The account's description.
    public var description: String?
    /// A user's password; never log it.
    public var password: String?
    /// A service account's PEM RSA public key.
    public var publicKey: String?

    private enum CodingKeys: String, CodingKey {
        case description, password
        case publicKey = "public_key"
    }

    /// A body with these fields.
    public init(description: String?, password: String? = nil, publicKey: String? = nil) {
        self.description = description
        self.password = password
        self.publicKey = publicKey
    }
}
