import Foundation
import JWTKit
import Logging
import Synchronization

/// `POST /auth/login`: exchanges a uid and password, or a uid and a login token signed with the
/// service account's private key, for a session token.
///
/// Every failure is the same `.unauthenticated` answer, whether or not the uid exists (a password
/// for an unknown uid is still checked, against a decoy hash of the same cost). Failures are
/// counted per uid and per client address; past the limits the answer is `.tooManyRequests`.
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

    /// Creates the service; hashes a decoy password once, at the configured cost.
    public init(
        directory: IdentityDirectory, authority: TokenAuthority, hasher: PasswordHasher, policy: Policy = Policy(),
        logger: Logger
    ) async throws {
        self.directory = directory
        self.authority = authority
        self.hasher = hasher
        self.decoyHash = try await hasher.hash(try SecureRandomText.make())
        self.throttle = Mutex(LoginThrottle(policy: policy))
        self.logger = logger
    }

    /// Logs a user in with a password.
    public func login(uid: String, password: String, from address: String?) async throws -> IssuedToken {
        try checkThrottle(uid: uid, address: address)
        let user = directory.snapshot.users[uid]
        let hash: String
        if case .passwordHash(let stored)? = user?.credential { hash = stored } else { hash = decoyHash }
        let matches = await hasher.verify(password, against: hash)
        // A decoy match (impossible in practice) still fails: there is no such user.
        guard matches, user?.isService == false else { throw failure(uid: uid, address: address, kind: "password") }
        return try await succeed(uid: uid, address: address, kind: "password")
    }

    /// Logs a service account in with a login token (RS256, claims `uid` and `exp`) signed with its
    /// private key.
    public func login(uid: String, serviceToken: String, from address: String?) async throws -> IssuedToken {
        try checkThrottle(uid: uid, address: address)
        guard let publicKey = directory.snapshot.users[uid]?.publicKey,
            JWTHeaderInspection.algorithm(of: serviceToken) == "RS256",
            let key = try? Insecure.RSA.PublicKey(pem: publicKey)
        else { throw failure(uid: uid, address: address, kind: "service login token") }
        let keys = JWTKeyCollection()
        await keys.add(rsa: key, digestAlgorithm: .sha256)
        guard let claims = try? await keys.verify(serviceToken, as: ServiceLoginClaims.self), claims.uid == uid else {
            throw failure(uid: uid, address: address, kind: "service login token")
        }
        return try await succeed(uid: uid, address: address, kind: "service login token")
    }

    private func checkThrottle(uid: String, address: String?) throws(IdentityError) {
        let now = ContinuousClock.now
        guard let wait = throttle.withLock({ $0.retryAfter(uid: uid, address: address, now: now) }) else { return }
        let seconds = Int(wait.components.seconds) + (wait.components.attoseconds > 0 ? 1 : 0)
        logger.notice(
            "Login refused: too many failures", metadata: ["uid": "\(loggable(uid))", "address": "\(address ?? "-")"])
        throw IdentityError(
            .tooManyRequests, "too many failed logins; try again in \(seconds) s", retryAfterSeconds: max(seconds, 1))
    }

    private func failure(uid: String, address: String?, kind: String) -> IdentityError {
        let now = ContinuousClock.now
        throttle.withLock { $0.recordFailure(uid: uid, address: address, now: now) }
        logger.notice(
            "Login failed", metadata: ["uid": "\(loggable(uid))", "address": "\(address ?? "-")", "with": "\(kind)"])
        return IdentityError(.unauthenticated, "login failed: unknown uid or wrong credentials")
    }

    /// A uid as failure logs show it: only uids of existing accounts. People type passwords into
    /// the uid field; an unknown "uid" may be one.
    private func loggable(_ uid: String) -> String {
        directory.snapshot.users[uid] == nil ? "<unknown>" : uid
    }

    private func succeed(uid: String, address: String?, kind: String) async throws -> IssuedToken {
        throttle.withLock { $0.recordSuccess(uid: uid) }
        // The token names the account instance, so that it dies with the account. An account
        // deleted since its credentials were checked has none: the login fails after all.
        guard let instance = try await directory.instance(of: uid) else {
            throw IdentityError(.unauthenticated, "login failed: unknown uid or wrong credentials")
        }
        logger.info("Login", metadata: ["uid": "\(uid)", "address": "\(address ?? "-")", "with": "\(kind)"])
        return try await authority.issue(for: uid, instance: instance)
    }
}
