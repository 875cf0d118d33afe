import JWTKit

/// The public key of a service account: a PEM RSA public key of at least 2048 bits.
public enum ServiceAccountKey {
    /// Returns `pem` if it is a usable RSA public key; `.badRequest` otherwise.
    public static func validate(_ pem: String) throws(IdentityError) -> String {
        guard pem.utf8.count <= 16 * 1024, (try? Insecure.RSA.PublicKey(pem: pem)) != nil else {
            throw IdentityError(.badRequest, "public_key must be a PEM RSA public key of at least 2048 bits")
        }
        return pem
    }
}
