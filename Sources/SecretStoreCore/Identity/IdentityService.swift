import Foundation
import Logging
import ServiceLifecycle

/// The identity service a server runs: the directory of users, groups and ACLs, the token
/// authority, and login. As a `Service` it keeps the directory current until shutdown.
public final class IdentityService: Service, Sendable {
    /// How identity behaves.
    public struct Configuration: Sendable {
        /// How long issued tokens are accepted (default 5 days).
        public var tokenLifetime: Duration
        /// SHA-512 crypt rounds for new password hashes.
        public var passwordRounds: Int
        /// Limits on failed logins.
        public var loginPolicy: LoginService.Policy
        /// How many password hashes run at once and how many may wait (logins, the decoy, new
        /// passwords); past the queue the answer is `.tooManyRequests`.
        public var passwordHashing: BoundedWorkPool.Limits
        /// The superuser to create on first start, if any.
        public var bootstrapSuperuser: BootstrapSuperuser?

        /// Creates a configuration.
        public init(
            tokenLifetime: Duration = .seconds(5 * 24 * 3600), passwordRounds: Int = PasswordHasher().rounds,
            loginPolicy: LoginService.Policy = .init(), passwordHashing: BoundedWorkPool.Limits = .default,
            bootstrapSuperuser: BootstrapSuperuser? = nil
        ) {
            self.tokenLifetime = tokenLifetime
            self.passwordRounds = passwordRounds
            self.loginPolicy = loginPolicy
            self.passwordHashing = passwordHashing
            self.bootstrapSuperuser = bootstrapSuperuser
        }
    }

    /// Users, groups and ACLs.
    public let directory: IdentityDirectory
    /// Issues and verifies session tokens.
    public let authority: TokenAuthority
    /// Password and service-account login.
    public let login: LoginService
    /// Hashes new passwords.
    public let hasher: PasswordHasher

    /// Loads identity data from `storage`, generating the token key and creating the bootstrap
    /// superuser if this is the first start. Refused logins are counted in `metrics`.
    public static func open(
        storage: any Storage, configuration: Configuration, logger: Logger, metrics: StoreMetrics = StoreMetrics()
    ) async throws -> IdentityService {
        let hasher = PasswordHasher(
            rounds: configuration.passwordRounds, pool: BoundedWorkPool(limits: configuration.passwordHashing))
        let directory = try await IdentityDirectory.open(storage: storage, logger: logger)
        let authority = try await TokenAuthority.open(
            storage: storage, lifetime: configuration.tokenLifetime, logger: logger)
        if try await directory.bootstrap(superuser: configuration.bootstrapSuperuser, hasher: hasher) {
            logger.notice(
                "Created the bootstrap superuser", metadata: ["uid": "\(configuration.bootstrapSuperuser?.uid ?? "")"])
        }
        let login = try await LoginService(
            directory: directory, authority: authority, hasher: hasher, policy: configuration.loginPolicy,
            logger: logger, metrics: metrics)
        return IdentityService(directory: directory, authority: authority, login: login, hasher: hasher)
    }

    private init(directory: IdentityDirectory, authority: TokenAuthority, login: LoginService, hasher: PasswordHasher) {
        self.directory = directory
        self.authority = authority
        self.login = login
        self.hasher = hasher
    }

    /// A session token for account `uid` as it is now (giving it an instance id if it has none), as
    /// a successful login issues it; `.unauthenticated` if there is no such account.
    public func issueToken(for uid: String, now: Date = Date()) async throws -> IssuedToken {
        guard let instance = try await directory.instance(of: uid) else {
            throw IdentityError(.unauthenticated, "login failed: unknown uid or wrong credentials")
        }
        return try await authority.issue(for: uid, instance: instance, now: now)
    }

    /// Keeps the directory current (see `IdentityDirectory.run()`), and the token keys (see
    /// `followTokenKeys()`).
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await self.directory.run() }
            group.addTask { await self.followTokenKeys() }
        }
    }
}
