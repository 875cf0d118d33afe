import Foundation
import SecretStoreTesting
import Testing

/// A burst of wrong passwords for one uid against the built `secret-store`, all on the wire at
/// once: the throttle reserves each attempt before hashing, so only the limit's worth of password
/// checks run, however many arrive together.
@Suite("Login throttle end to end", .timeLimit(.minutes(3)))
struct LoginThrottleEndToEndTests {
    static let bootstrapPassword = "bootstrap-password-throttle"

    /// The password checks a server performed: each ends in one "Login failed" line (wrong
    /// credentials) or one "Login" line (right ones); this burst has no right ones.
    static func failedChecks(_ server: SecretStoreServerProcess) -> Int {
        server.log.components(separatedBy: "Login failed").count - 1
    }

    @Test func sixtyConcurrentWrongPasswordsForOneUidGetFiveChecksAndFiftyFive429s() async throws {
        try await SecretStoreServerProcess.withCluster(bootstrapPassword: Self.bootstrapPassword) { servers in
            let server = servers[0]
            let root = try await server.login(uid: "bootstrapuser", password: Self.bootstrapPassword)
            let created = try await HTTPExchange.send(
                "PUT", server.baseURL + "/acs/api/v1/users/alice", headers: ["Authorization": "token=\(root)"],
                json: ["password": "alice-password"])
            #expect(created.status == 201)

            let before = Self.failedChecks(server)
            let statuses = try await HTTPBurst.statuses(
                of: HTTPBurst.post("/acs/api/v1/auth/login", json: #"{"uid":"alice","password":"wrong-password"}"#),
                copies: 60, port: server.port)
            let counted = Dictionary(statuses.map { ($0, 1) }, uniquingKeysWith: +)
            #expect(counted == [401: 5, 429: 55], "\(counted)")
            #expect(Self.failedChecks(server) - before == 5)

            // The uid stays locked for the window, even for the right password, and the answer says
            // when to come back.
            let locked = try await HTTPExchange.send(
                "POST", server.baseURL + "/acs/api/v1/auth/login",
                json: ["uid": "alice", "password": "alice-password"])
            #expect(locked.status == 429)
            #expect(locked.json["code"] as? String == "TOO_MANY_REQUESTS")
            #expect((1...60).contains(Int(locked.headers["retry-after"] ?? "") ?? 0))
            #expect(Self.failedChecks(server) - before == 5)
        }
    }
}
