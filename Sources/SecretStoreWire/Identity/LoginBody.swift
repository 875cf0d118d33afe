/// `POST /acs/api/v1/auth/login` (contract §5): a uid with either its password or a login token
/// (RS256 `{"uid","exp"}` signed with a service account's private key).
public struct LoginBody: Codable, Sendable, Equatable {
    /// The account.
    public var uid: String
    /// A user's password; never log it.
    public var password: String?
    /// A service account's login token; never log it.
    public var token: String?

    /// A login of `uid` with a password or a login token; the other is left out of the JSON.
    public init(uid: String, password: String? = nil, token: String? = nil) {
        self.uid = uid
        self.password = password
        self.token = token
    }
}
