import Dispatch
import Logging
import SecretStoreCore
import SecretStoreTesting
import Testing

@Suite("Login")
struct LoginServiceTests {
    static func identity(policy: LoginService.Policy = .init()) async throws -> IdentityService {
        let identity = try await IdentityFixture.service(loginPolicy: policy)
        try await identity.directory.createUser(
            User(
                uid: "svc", description: "", credential: .publicKey(try JWTFixtures.text("service-account.pub.pem"))))
        return identity
    }

    @Test func aPasswordLogsInAndTheTokenNamesTheUser() async throws {
        let identity = try await Self.identity()
        let issued = try await identity.login.login(
            uid: IdentityFixture.superuser, password: IdentityFixture.superuserPassword, from: "10.0.0.1")
        #expect(try await identity.authority.verify(issued.token).uid == IdentityFixture.superuser)
    }

    @Test func wrongPasswordsAndUnknownUsersGetTheSameAnswer() async throws {
        let identity = try await Self.identity()
        var answers: [IdentityError] = []
        for (uid, password) in [("root", "wrong-password"), ("nobody", "wrong-password"), ("svc", "anything-at-all")] {
            do {
                _ = try await identity.login.login(uid: uid, password: password, from: "10.0.0.\(answers.count)")
                Issue.record("\(uid) logged in with a wrong password")
            } catch let error as IdentityError {
                answers.append(error)
            }
        }
        #expect(answers.count == 3)
        #expect(Set(answers).count == 1)
        #expect(answers.first?.code == .unauthenticated)
    }

    @Test func aServiceAccountLogsInWithATokenSignedByItsKey() async throws {
        let identity = try await Self.identity()
        let login = try await JWTFixtures.loginToken(uid: "svc")
        let issued = try await identity.login.login(uid: "svc", serviceToken: login, from: nil)
        #expect(try await identity.authority.verify(issued.token).uid == "svc")
    }

    @Test func serviceLoginTokensThatDoNotProveTheAccountAreRefused() async throws {
        let identity = try await Self.identity()
        let cases = [
            ("svc", try await JWTFixtures.loginToken(uid: "svc", key: "stranger")),  // another key
            ("svc", try await JWTFixtures.loginToken(uid: "svc", expiresIn: -60)),  // expired
            ("svc", try await JWTFixtures.loginToken(uid: "other")),  // claims another uid
            ("root", try await JWTFixtures.loginToken(uid: "root")),  // a password user
            ("ghost", try await JWTFixtures.loginToken(uid: "ghost")),  // no such account
            ("svc", "not-a-jwt"),
        ]
        for (index, (uid, token)) in cases.enumerated() {
            await #expect(throws: IdentityError(.unauthenticated, "login failed: unknown uid or wrong credentials")) {
                _ = try await identity.login.login(uid: uid, serviceToken: token, from: "10.1.0.\(index)")
            }
        }
    }

    @Test func repeatedFailuresForOneUidAreThrottledWithARetryTime() async throws {
        let identity = try await Self.identity(policy: .init(failuresPerUID: 3, failuresPerAddress: 100))
        for index in 0..<3 {
            await #expect(throws: IdentityError.self) {
                _ = try await identity.login.login(uid: "root", password: "wrong-password", from: "10.2.0.\(index)")
            }
        }
        // Now even the right password, from a new address, waits.
        do {
            _ = try await identity.login.login(
                uid: "root", password: IdentityFixture.superuserPassword, from: "10.2.1.1")
            Issue.record("a throttled uid logged in")
        } catch let error as IdentityError {
            #expect(error.code == .tooManyRequests)
            #expect((1...60).contains(error.retryAfterSeconds ?? 0))
        }
        // Another uid is not affected.
        _ = try await identity.login.login(
            uid: "svc", serviceToken: try await JWTFixtures.loginToken(uid: "svc"), from: "10.2.1.1")
    }

    @Test func repeatedFailuresFromOneAddressAreThrottledAcrossUids() async throws {
        let identity = try await Self.identity(policy: .init(failuresPerUID: 100, failuresPerAddress: 3))
        for uid in ["a1", "a2", "a3"] {
            await #expect(throws: IdentityError.self) {
                _ = try await identity.login.login(uid: uid, password: "wrong-password", from: "10.3.0.1")
            }
        }
        await #expect(throws: IdentityError.self) {
            _ = try await identity.login.login(
                uid: "root", password: IdentityFixture.superuserPassword, from: "10.3.0.1")
        }
        // The same user from elsewhere is fine.
        _ = try await identity.login.login(uid: "root", password: IdentityFixture.superuserPassword, from: "10.3.0.2")
    }

    @Test func theThrottleLiftsWhenTheWindowPasses() async throws {
        let identity = try await Self.identity(
            policy: .init(failuresPerUID: 2, failuresPerAddress: 100, window: .milliseconds(300)))
        for _ in 0..<2 {
            await #expect(throws: IdentityError.self) {
                _ = try await identity.login.login(uid: "root", password: "wrong-password", from: nil)
            }
        }
        try await Task.sleep(for: .milliseconds(350))
        _ = try await identity.login.login(uid: "root", password: IdentityFixture.superuserPassword, from: nil)
    }

    /// Checking first and counting afterwards let 15 of 60 concurrent wrong passwords through a limit
    /// of 5: the slot is now reserved before the hash.
    @Test(arguments: [60, 200])
    func concurrentWrongPasswordsGetExactlyTheLimitOfChecks(attempts: Int) async throws {
        let identity = try await Self.identity()
        let answers = await withTaskGroup(of: IdentityError.Code?.self) { group in
            for index in 0..<attempts {
                group.addTask {
                    do {
                        _ = try await identity.login.login(
                            uid: "root", password: "wrong-password", from: "10.4.\(index / 250).\(index % 250)")
                        return nil
                    } catch {
                        return (error as? IdentityError)?.code
                    }
                }
            }
            return await group.reduce(into: [IdentityError.Code?: Int]()) { $0[$1, default: 0] += 1 }
        }
        #expect(answers == [.unauthenticated: 5, .tooManyRequests: attempts - 5])
    }

    /// A login that finds the hashing pool full checks nothing: 429, and its throttle slot is given
    /// back.
    @Test func aFullHashingPoolAnswersTooManyRequestsAndReturnsTheSlot() async throws {
        let identity = try await IdentityFixture.service(passwordHashing: .init(width: 1, queueLimit: 0))
        let gate = DispatchSemaphore(value: 0)
        let busy = Task { try await identity.hasher.pool.run { gate.wait() } }
        let deadline = ContinuousClock.now + .seconds(10)
        while identity.hasher.pool.load.running == 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        do {
            _ = try await identity.login.login(
                uid: IdentityFixture.superuser, password: IdentityFixture.superuserPassword, from: "10.5.0.1")
            Issue.record("a login ran past a full pool")
        } catch let error as IdentityError {
            #expect(error.code == .tooManyRequests)
            #expect(error.retryAfterSeconds == 1)
        }
        #expect(identity.login.throttleSlotsTaken(uid: IdentityFixture.superuser) == 0)
        // New passwords are refused the same way.
        await #expect(throws: IdentityError.self) { _ = try await identity.hasher.hash("a-new-password") }
        gate.signal()
        try await busy.value
        _ = try await identity.login.login(
            uid: IdentityFixture.superuser, password: IdentityFixture.superuserPassword, from: "10.5.0.1")
    }
}
