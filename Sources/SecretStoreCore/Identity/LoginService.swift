import Foundation
import JWTKit
import Logging
import Synchronization

/// `POST /auth/login`: exchanges a uid and password, or a uid and a login token signed with the
/// service account's private key, for a session token.
///
/// Every failure is the same `.unauthenticated` answer, whether or not the uid exists (a password
/// for an unknown uid is still checked, against a decoy hash of the same cost). Attempts are
/// counted per uid and per client address *before* anything is checked (`LoginThrottle`); past the
/// limits the answer is `.tooManyRequests` and nothing is hashed. Hashes run on the hasher's
/// bounded pool; when it is full the answer is `.tooManyRequests` too.
public final class LoginService: Sendable {
    /// Limits on failed logins, per server instance.
    public struct Policy: Sendable {
        /// Failed logins of one uid allowed within `window`.
        public var failuresPerUID: Int
        /// Failed logins from one client address allowed within `window`.
        public var failuresPerAddress: Int
        /// The sliding window.
        public var window: Duration

        /// Creates a policy; the defaults allow 5 failures per uid and 20 per address a minute.
        public init(failuresPerUID: Int = 5, failuresPerAddress: Int = 20, window: Duration = .seconds(60)) {
            self.failuresPerUID = failuresPerUID
            self.failuresPerAddress = failuresPerAddress
            self.window = window
        }
    }

    private let directory: IdentityDirectory
    private let authority: TokenAuthority
    private let hasher: PasswordHasher
    private let decoyHash: String
    private let throttle: Mutex<LoginThrottle>
    private let logger: Logger
    /// Counts refused logins.
    private let metrics: StoreMetrics

    /// Creates the service; hashes a decoy password once, at the configured cost.
    public init(
        directory: IdentityDirectory, authority: TokenAuthority, hasher: PasswordHasher, policy: Policy = Policy(),
        logger: Logger, metrics: StoreMetrics = StoreMetrics()
    ) async throws {
        self.metrics = metrics
        self.directory = directory
        self.authority = authority
        self.hasher = hasher
        self.decoyHash = try await hasher.hash(try SecureRandomText.make())
        self.throttle = Mutex(LoginThrottle(policy: policy))
        self.logger = logger
    }

    /// Logs a user in with a password.
    public func login(uid: String, password: String, from address: String?) async throws -> IssuedToken {
        let reservation = try reserve(uid: uid, address: address)
        return try await settle(reservation, kind: "password") {
            let user = self.directory.snapshot.users[uid]
            let hash: String
            if case .passwordHash(let stored)? = user?.credential { hash = stored } else { hash = self.decoyHash }
            let matches = try await self.hasher.verify(password, against: hash)
            // A decoy match (impossible in practice) still fails: there is no such user.
            return matches && user?.isService == false
        }
    }

    /// Logs a service account in with a login token (RS256, claims `uid` and `exp`) signed with its
    /// private key.
    public func login(uid: String, serviceToken: String, from address: String?) async throws -> IssuedToken {
        let reservation = try reserve(uid: uid, address: address)
        return try await settle(reservation, kind: "service login token") {
            guard let publicKey = self.directory.snapshot.users[uid]?.publicKey,
                JWTHeaderInspection.algorithm(of: serviceToken) == "RS256",
                let key = try? Insecure.RSA.PublicKey(pem: publicKey)
            else { return false }
            let keys = JWTKeyCollection()
            await keys.add(rsa: key, digestAlgorithm: .sha256)
            let claims = try? await keys.verify(serviceToken, as: ServiceLoginClaims.self)
            return claims?.uid == uid
        }
    }

    /// Takes a slot in the throttle before any credential is checked, or refuses.
    private func reserve(uid: String, address: String?) throws(IdentityError) -> LoginThrottle.Reservation {
        let now = ContinuousClock.now
        let wait: Duration
        switch throttle.withLock({ $0.reserve(uid: uid, address: address, now: now) }) {
        case .proceed(let reservation): return reservation
        case .wait(let duration): wait = duration
        }
        let seconds = Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0)
        metrics.loginFailed()
        logger.notice(
            "Login refused: too many failures", metadata: ["uid": "\(loggable(uid))", "address": "\(address ?? "-")"])
        throw IdentityError(
            .tooManyRequests, "too many failed logins; try again in \(seconds) s", retryAfterSeconds: max(seconds, 1))
    }

    /// Runs `check` for the attempt holding `reservation` and settles it: a failure keeps the slot,
    /// a success gives it back and issues the token, an error (the hashing pool was full, the task
    /// was cancelled) gives it back, since nothing was checked.
    private func settle(
        _ reservation: LoginThrottle.Reservation, kind: String, check: @Sendable () async throws -> Bool
    ) async throws -> IssuedToken {
        let proven: Bool
        do {
            proven = try await check()
        } catch {
            throttle.withLock { $0.release(reservation) }
            if (error as? IdentityError)?.code == .tooManyRequests {
                logger.notice(
                    "Login refused: too many password checks waiting",
                    metadata: ["uid": "\(loggable(reservation.uid))", "address": "\(reservation.address ?? "-")"])
            }
            throw error
        }
        let uid = reservation.uid
        let address = reservation.address ?? "-"
        guard proven else {
            let now = ContinuousClock.now
            throttle.withLock { $0.fail(reservation, now: now) }
            metrics.loginFailed()
            logger.notice(
                "Login failed", metadata: ["uid": "\(loggable(uid))", "address": "\(address)", "with": "\(kind)"])
            throw IdentityError(.unauthenticated, "login failed: unknown uid or wrong credentials")
        }
        throttle.withLock { $0.succeed(reservation) }
        // The token names the account instance, so that it dies with the account. An account
        // deleted since its credentials were checked has none: the login fails after all.
        guard let instance = try await directory.instance(of: uid) else {
            throw IdentityError(.unauthenticated, "login failed: unknown uid or wrong credentials")
        }
        logger.info("Login", metadata: ["uid": "\(uid)", "address": "\(address)", "with": "\(kind)"])
        return try await authority.issue(for: uid, instance: instance)
    }

    /// A uid as failure logs show it: only uids of existing accounts. People type passwords into
    /// the uid field; an unknown "uid" may be one.
    private func loggable(_ uid: String) -> String {
        directory.snapshot.users[uid] == nil ? "<unknown>" : uid
    }

    /// How many throttle slots `uid` holds now (attempts in flight and failures in the window).
    package func throttleSlotsTaken(uid: String) -> Int { throttle.withLock { $0.slotsTaken(uid: uid) } }
}
