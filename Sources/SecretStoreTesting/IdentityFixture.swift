import Logging
import SecretStoreCore

/// Identity services for tests: in memory (or on a given storage), cheap password hashing, and a
/// bootstrap superuser whose password tests know.
public enum IdentityFixture {
    /// The bootstrap superuser's uid.
    public static let superuser = "root"
    /// The bootstrap superuser's password (tests only).
    public static let superuserPassword = "root-password-for-tests"
    /// Password hashing rounds for tests: libxcrypt's minimum, so that logins take about a millisecond.
    public static let passwordRounds = 1_000

    /// An identity service over `storage` with the bootstrap superuser.
    public static func service(
        storage: any Storage = InMemoryStorage(), loginPolicy: LoginService.Policy = .init(),
        tokenLifetime: Duration = .seconds(3600), passwordHashing: BoundedWorkPool.Limits = .default
    ) async throws -> IdentityService {
        try await IdentityService.open(
            storage: storage,
            configuration: .init(
                tokenLifetime: tokenLifetime, passwordRounds: passwordRounds, loginPolicy: loginPolicy,
                passwordHashing: passwordHashing,
                bootstrapSuperuser: BootstrapSuperuser(uid: superuser, credential: .password(superuserPassword))),
            logger: Logger(label: "test.identity"))
    }
}
