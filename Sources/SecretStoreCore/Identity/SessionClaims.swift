import JWTKit

/// The claims of a token this server issues: who (`uid`), which account of that uid (`iid`), until
/// when (`exp`), since when (`iat`).
public struct SessionClaims: JWTPayload, Equatable {
    /// The account the token stands for.
    public var uid: String
    /// The instance id of the account it was issued to (`User.instance`): a later account with the
    /// same uid has another, so the token is refused once its account is deleted. `nil` in tokens
    /// issued before instances existed: those are refused.
    public var instance: String?
    /// When the token stops being accepted.
    public var exp: ExpirationClaim
    /// When it was issued.
    public var iat: IssuedAtClaim

    /// Creates claims.
    public init(uid: String, instance: String?, exp: ExpirationClaim, iat: IssuedAtClaim) {
        self.uid = uid
        self.instance = instance
        self.exp = exp
        self.iat = iat
    }

    private enum CodingKeys: String, CodingKey {
        case uid, exp, iat
        case instance = "iid"
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }

    /// Whether the token was issued to `user`, the account that now has its uid: the same uid and
    /// the same instance, which a token without one never matches.
    public func names(_ user: User) -> Bool {
        guard let instance, let current = user.instance else { return false }
        return uid == user.uid && instance == current
    }
}

/// The claims of a service account's login token: `uid` and a mandatory `exp`.
struct ServiceLoginClaims: JWTPayload {
    var uid: String
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }
}
