import SecretStoreCrypto

/// Hashes and checks passwords with SHA-512 crypt on a bounded pool, off the cooperative thread
/// pool: one hash at the configured round count takes on the order of 100 ms of CPU, so a burst of
/// logins or password changes must neither take every core nor queue without bound. Past the
/// pool's queue, hashing is refused with `.tooManyRequests` (retry after 1 s) without any work.
public struct PasswordHasher: Sendable {
    /// SHA-512 crypt rounds for new hashes (existing hashes keep the rounds they were made with).
    public var rounds: Int
    /// Where every hash and check of this hasher runs.
    public let pool: BoundedWorkPool

    /// The shortest password accepted, in UTF-8 bytes.
    public static let minimumLength = 8
    /// The longest password accepted, in UTF-8 bytes: the most SHA-512 crypt takes.
    public static let maximumLength = PasswordHash.maximumPasswordByteCount
    /// What a caller refused by a full pool is told to wait, in seconds: a turn frees every hash time.
    public static let busyRetryAfterSeconds = 1

    /// Creates a hasher with its own pool.
    public init(rounds: Int = PasswordHash.defaultRounds, pool: BoundedWorkPool = BoundedWorkPool()) {
        self.rounds = rounds
        self.pool = pool
    }

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
        return try await onPool { try PasswordHash.make(password: password, rounds: rounds).encoded }
    }

    /// Whether `password` matches `encoded`; `false` for a hash that does not parse. Throws
    /// `.tooManyRequests` if the pool is full (nothing was checked).
    public func verify(_ password: String, against encoded: String) async throws -> Bool {
        try await onPool { (try? PasswordHash(encoded: encoded).verify(password)) ?? false }
    }

    private func onPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        do {
            return try await pool.run(work)
        } catch is BoundedWorkPool.Overloaded {
            throw IdentityError(
                .tooManyRequests, "too many password checks at once; try again in \(Self.busyRetryAfterSeconds) s",
                retryAfterSeconds: Self.busyRetryAfterSeconds)
        }
    }
}
