internal import CCrypt

/// A salted SHA-512 crypt (`$6$`) password hash, computed by libxcrypt: the form to store for a password.
///
/// The stored form, `encoded`, is `$6$rounds=N$salt$hash`: a 16-character salt from OpenSSL's random generator and
/// the 86-character hash. `make(password:rounds:)` creates one; `init(encoded:)` reads one back from storage;
/// `verify(_:)` checks a password against it in constant time.
///
/// Hashing is deliberately slow, CPU-bound and synchronous: at `defaultRounds` each `make` and each `verify` keeps
/// one core busy for over 100 ms. Never call them on Swift concurrency's cooperative thread pool (one thread
/// per core: a few concurrent logins would stall every other task); run them on a thread of their own, such as a
/// `DispatchQueue` or NIO's `NIOThreadPool`, and bound how many run at once.
///
/// A password is hashed as its UTF-8 bytes, with no Unicode normalisation: "é" typed as one code point and as "e"
/// plus a combining accent are different passwords. Normalise before hashing if clients may differ.
///
/// `description`, `debugDescription` and the mirror show the scheme and round count only, never the salt or hash.
/// `==` compares stored forms and is not a password check: use `verify(_:)`.
public struct PasswordHash: Sendable, Hashable {
    /// The round count `make(password:rounds:)` uses unless told otherwise: about 135 ms per hash, and the same per
    /// verify, on one core of the project's machines.
    ///
    /// Measured in a release build on a 2-core Debian 12 machine (median of 7): 5,000 rounds 2.3 ms, 100,000 rounds
    /// 45 ms, 250,000 rounds 112 ms, 300,000 rounds 135 ms, 656,000 rounds 294 ms. Cost is linear in rounds.
    public static let defaultRounds = 300_000

    /// The fewest rounds libxcrypt accepts for SHA-512 crypt. Too few for new hashes; for tests and for reading old
    /// ones.
    public static let minimumRounds = 1_000

    /// The most rounds libxcrypt accepts for SHA-512 crypt.
    public static let maximumRounds = 999_999_999

    /// The round count of a stored hash that names none (`$6$salt$hash`), as the SHA-crypt specification fixes it.
    public static let implicitRounds = 5_000

    /// The number of salt characters in every hash `make(password:rounds:)` creates: the most SHA-512 crypt uses,
    /// carrying 96 random bits.
    public static let saltCharacterCount = 16

    /// The longest password libxcrypt hashes, in UTF-8 bytes (`CRYPT_MAX_PASSPHRASE_SIZE` less its NUL).
    public static let maximumPasswordByteCount = Int(CRYPT_MAX_PASSPHRASE_SIZE) - 1

    /// The complete crypt string, `$6$rounds=N$salt$hash`: the form to store.
    ///
    /// It holds the salt and the hash: keep it out of logs and responses.
    public let encoded: String

    /// The number of SHA-512 rounds this hash was made with; every `verify(_:)` costs the same.
    public let rounds: Int

    /// Wraps a string `parse(_:)` has accepted.
    private init(validated encoded: String, rounds: Int) {
        self.encoded = encoded
        self.rounds = rounds
    }

    /// Hashes `password` under a new random salt.
    ///
    /// Slow and blocking by design: see the type's documentation for where to call it.
    ///
    /// - Parameters:
    ///   - password: The password, hashed as its UTF-8 bytes; at most `maximumPasswordByteCount` bytes, no NUL. An
    ///     empty one is hashed like any other: refusing weak passwords is the caller's policy.
    ///   - rounds: The work factor, from `minimumRounds` through `maximumRounds`; each round is one SHA-512 pass.
    /// - Throws: `CryptoError` with `.invalidInput` if `rounds` is out of range, `.invalidPassword` if the password
    ///   holds a NUL byte or is too long, `.randomFailure` if no salt can be drawn, `.libxcrypt` if libxcrypt fails.
    public static func make(password: String, rounds: Int = PasswordHash.defaultRounds) throws(CryptoError)
        -> PasswordHash
    {
        let operation = "PasswordHash.make(password:rounds:)"
        // libxcrypt would clamp an out-of-range count silently (crypt_gensalt_rn) or refuse it (crypt_rn).
        guard (minimumRounds...maximumRounds).contains(rounds) else {
            throw CryptoError(
                code: .invalidInput,
                operation: operation,
                detail: "rounds \(rounds) is outside \(minimumRounds)...\(maximumRounds)"
            )
        }
        if let problem = passwordProblem(password) {
            throw CryptoError(code: .invalidPassword, operation: operation, detail: problem)
        }
        let setting = try makeSetting(rounds: rounds)
        let encoded = try CryptData().hash(password, setting: setting)
        // Parse what crypt_rn wrote, so that a libxcrypt which formats differently fails here, not at every verify.
        guard let fields = try? parse(encoded), fields.rounds == rounds, fields.saltCount == saltCharacterCount else {
            throw CryptoError(
                code: .libxcrypt,
                operation: "crypt_rn",
                detail: "not a $6$ hash with the requested rounds and a \(saltCharacterCount)-character salt"
            )
        }
        return PasswordHash(validated: encoded, rounds: rounds)
    }

    /// Reads a stored hash.
    ///
    /// Accepts exactly SHA-512 crypt: `$6$rounds=N$salt$hash`, or `$6$salt$hash` (which means 5,000 rounds), with
    /// N from `minimumRounds` through `maximumRounds` written without leading zeros, a salt of 1 to 16 characters
    /// and an 86-character hash, both in crypt's alphabet (`./0-9A-Za-z`). Other schemes (`$1$`, `$5$`, `$2b$`,
    /// `$y$`, …) are refused, not verified.
    ///
    /// - Throws: `CryptoError` with `.invalidPasswordHash` if `encoded` is anything else. The error never quotes
    ///   `encoded`.
    public init(encoded: String) throws(CryptoError) {
        let fields = try Self.parse(encoded)
        self.init(validated: encoded, rounds: fields.rounds)
    }

    /// Tells whether `password` is the one this hash was made from.
    ///
    /// Recomputes the hash with the stored salt and rounds and compares it with the stored one in constant time.
    /// Takes as long as `make` with the same rounds, and blocks: see the type's documentation for where to call it.
    ///
    /// - Returns: `false` also for a password that no hash can have been made from: one with a NUL byte, or longer
    ///   than `maximumPasswordByteCount` bytes.
    public func verify(_ password: String) -> Bool {
        guard Self.passwordProblem(password) == nil else {
            return false
        }
        return CryptData().matches(password, encoded: encoded)
    }

    /// Why libxcrypt cannot hash `password` as given, or nil if it can.
    private static func passwordProblem(_ password: String) -> String? {
        // A C string ends at the first NUL, so "secret\0anything" would hash as "secret": refuse it instead.
        if password.utf8.contains(0) {
            return "the password contains a NUL byte"
        }
        if password.utf8.count > maximumPasswordByteCount {
            return "the password is longer than \(maximumPasswordByteCount) UTF-8 bytes"
        }
        return nil
    }
}
