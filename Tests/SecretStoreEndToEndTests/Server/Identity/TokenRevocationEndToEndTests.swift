import Foundation
import SecretStoreTesting
import Testing

/// A stolen token of a deleted account, against the built `secret-store` over real sockets: it must
/// stay dead when the uid is re-created, even as a superuser, on every instance of the store.
@Suite("Token revocation end to end", .timeLimit(.minutes(3)))
struct TokenRevocationEndToEndTests {
    static let bootstrapPassword = "bootstrap-password-revocation"

    /// Sends `method path` to `server` with `token`.
    static func send(
        _ method: String, _ server: SecretStoreServerProcess, _ path: String, token: String,
        json: [String: Any]? = nil
    ) async throws -> HTTPExchange {
        try await HTTPExchange.send(
            method, server.baseURL + path, headers: ["Authorization": "token=\(token)"], json: json)
    }

    /// Polls until `condition` holds on an answer of `GET path` with `token`, at most 10 s (another
    /// instance sees identity changes through its ZooKeeper watch).
    static func eventually(
        _ server: SecretStoreServerProcess, _ path: String, token: String, _ condition: (HTTPExchange) -> Bool
    ) async throws -> HTTPExchange {
        let deadline = ContinuousClock.now + .seconds(10)
        var answer = try await send("GET", server, path, token: token)
        while !condition(answer), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
            answer = try await send("GET", server, path, token: token)
        }
        return answer
    }

    @Test func aDeletedAccountsTokenStaysDeadWhenTheUidIsRecreatedOnEveryInstance() async throws {
        try await SecretStoreServerProcess.withCluster(2, bootstrapPassword: Self.bootstrapPassword) { servers in
            let (first, second) = (servers[0], servers[1])
            let root = try await first.login(uid: "bootstrapuser", password: Self.bootstrapPassword)
            let users = "/acs/api/v1/users"
            let secret = "/secrets/v1/secret/default/team/db-password"
            #expect(try await Self.send("PUT", first, secret, token: root, json: ["value": "s3cr3t"]).status == 201)

            // alice, a superuser, logs in; her token works on both instances.
            #expect(
                try await Self.send("PUT", first, users + "/alice", token: root, json: ["password": "alice-password-1"])
                    .status == 201)
            #expect(
                try await Self.send("PUT", first, "/acs/api/v1/groups/superusers/users/alice", token: root).status
                    == 204)
            let stolen = try await first.login(uid: "alice", password: "alice-password-1")
            #expect(try await Self.send("GET", first, secret, token: stolen).status == 200)
            #expect(try await Self.eventually(second, secret, token: stolen) { $0.status == 200 }.status == 200)

            // Deleted: the token is refused everywhere.
            #expect(try await Self.send("DELETE", first, users + "/alice", token: root).status == 204)
            #expect(try await Self.send("GET", first, users, token: stolen).status == 401)
            #expect(try await Self.eventually(second, users, token: stolen) { $0.status == 401 }.status == 401)

            // Re-created with a new password and made a superuser again, through the second instance.
            #expect(
                try await Self.send(
                    "PUT", second, users + "/alice", token: root, json: ["password": "alice-password-2"]
                )
                .status == 201)
            #expect(
                try await Self.send("PUT", second, "/acs/api/v1/groups/superusers/users/alice", token: root).status
                    == 204)
            let fresh = try await second.login(uid: "alice", password: "alice-password-2")
            // Once the first instance has seen the new account (its token works there), the old
            // token is still refused on both, on the identity API and on a secret read alike.
            #expect(try await Self.eventually(first, users, token: fresh) { $0.status == 200 }.status == 200)
            for server in [first, second] {
                for path in [users, secret] {
                    let answer = try await Self.send("GET", server, path, token: stolen)
                    #expect(answer.status == 401, "\(path) on \(server.baseURL): \(answer.status)")
                    #expect(answer.headers["www-authenticate"] == "acsjwt")
                    #expect(answer.json["code"] as? String == "UNAUTHENTICATED")
                }
                #expect(try await Self.send("GET", server, secret, token: fresh).status == 200)
            }
            // The first instance, too, issues tokens of the new account and refuses the old one.
            let again = try await first.login(uid: "alice", password: "alice-password-2")
            #expect(try await Self.send("GET", second, users, token: again).status == 200)
        }
    }
}
