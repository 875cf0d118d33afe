import SecretStoreCrypto

/// Hashes and checks passwords with SHA-512 crypt off the cooperative thread pool: one hash at
/// the configured round count takes on the order of 100 ms of CPU.
public struct PasswordHasher: Sendable {
    /// SHA-512 crypt rounds for new hashes (existing hashes keep the rounds they were made with).
    public var rounds: Int

    /// The shortest password accepted, in UTF-8 bytes.
    public static let minimumLength = 8
    /// The longest password accepted, in UTF-8 bytes: the most SHA-512 crypt takes.
    public static let maximumLength = PasswordHash.maximumPasswordByteCount

    /// Creates a hasher.
    public init(rounds: Int = PasswordHash.defaultRounds) { self.rounds = rounds }

    /// The `$6$` hash of a new password, after checking its length.
    public func hash(_ password: String) async throws -> String {
        guard (Self.minimumLength...Self.maximumLength).contains(password.utf8.count) else {
            throw IdentityError(
                .badRequest,
                "a password must be \(Self.minimumLength) to \(Self.maximumLength) bytes long")
        }
        guard !password.utf8.contains(0) else {
            throw IdentityError(.badRequest, "a password must not contain a NUL character")
        }
        let rounds = self.rounds
        return try await runOffPool { try PasswordHash.make(password: password, rounds: rounds).encoded }
    }

    /// Whether `password` matches `encoded`; `false` for a hash that does not parse.
    public func verify(_ password: String, against encoded: String) async -> Bool {
        (try? await runOffPool { try PasswordHash(encoded: encoded).verify(password) }) ?? false
    }
}
