import JWTKit

/// The claims of a token this server issues: who (`uid`), until when (`exp`), since when (`iat`).
public struct SessionClaims: JWTPayload, Equatable {
    /// The account the token stands for.
    public var uid: String
    /// When the token stops being accepted.
    public var exp: ExpirationClaim
    /// When it was issued.
    public var iat: IssuedAtClaim

    /// Creates claims.
    public init(uid: String, exp: ExpirationClaim, iat: IssuedAtClaim) {
        self.uid = uid
        self.exp = exp
        self.iat = iat
    }

    public func verify(using algorithm: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
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
