import Logging
import SecretStoreCore
import Synchronization

/// Identity services for tests: in memory (or on a given storage), cheap password hashing, and a
/// bootstrap superuser whose password tests know.
public enum IdentityFixture {
    /// The bootstrap superuser's uid.
    public static let superuser = "root"
    /// The bootstrap superuser's password (tests only).
    public static let superuserPassword = "root-password-for-tests"
    /// Password hashing rounds for tests: libxcrypt's minimum, so that logins take about a millisecond.
    public static let passwordRounds = 1_000

    /// An identity service over `storage` with the bootstrap superuser; refused logins are counted
    /// in `metrics`.
    public static func service(
        storage: any Storage = InMemoryStorage(), loginPolicy: LoginService.Policy = .init(),
        tokenLifetime: Duration = .seconds(3600), passwordHashing: BoundedWorkPool.Limits = .default,
        metrics: StoreMetrics = StoreMetrics()
    ) async throws -> IdentityService {
        if storage is InMemoryStorage { try await seedTokenKeys(in: storage) }
        return try await IdentityService.open(
            storage: storage,
            configuration: .init(
                tokenLifetime: tokenLifetime, passwordRounds: passwordRounds, loginPolicy: loginPolicy,
                passwordHashing: passwordHashing,
                bootstrapSuperuser: BootstrapSuperuser(uid: superuser, credential: .password(superuserPassword))),
            logger: Logger(label: "test.identity"), metrics: metrics)
    }

    /// The token key ring of the first in-memory identity of this test process, stored bytes.
    private static let sharedTokenKeys = Mutex<[UInt8]?>(nil)

    /// Stores the process's one token key ring in an empty in-memory `storage`, so that only the
    /// first of the hundreds of in-memory identities that unit tests open generates a 2048-bit RSA
    /// key (about 0.2 s each in a debug build, most of a router test's time). The ring is what the
    /// first instance of an installation would have stored; end-to-end tests on ZooKeeper still
    /// generate their own.
    static func seedTokenKeys(in storage: any Storage) async throws {
        let key = IdentityRecordKey.tokenKeys
        guard try await storage.read(key) == nil else { return }
        var bytes = sharedTokenKeys.withLock { $0 }
        if bytes == nil {
            let scratch = InMemoryStorage()
            _ = try await TokenAuthority.open(
                storage: scratch, lifetime: .seconds(60), logger: Logger(label: "test.identity"))
            let generated = try await scratch.read(key)?.bytes
            // Two first calls at once may both generate; the first stored ring is everyone's.
            bytes = sharedTokenKeys.withLock { shared in
                if shared == nil { shared = generated }
                return shared
            }
        }
        guard let bytes else { return }
        do {
            try await storage.create(key, bytes)
        } catch let error as StorageError where error.code == .alreadyExists {}
    }
}
