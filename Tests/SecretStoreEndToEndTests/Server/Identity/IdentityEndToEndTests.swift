import Foundation
import SecretStoreTesting
import Testing

/// The identity API of the built `secret-store`, over real sockets, against a real ZooKeeper,
/// driven the way dcos-deploy and the DC/OS test tooling drive it.
@Suite("Identity end to end", .timeLimit(.minutes(3)))
struct IdentityEndToEndTests {
    static let bootstrapPassword = "bootstrap-password-e2e"

    static func login(_ server: SecretStoreServerProcess, uid: String, password: String) async throws -> String {
        let response = try await HTTPExchange.send(
            "POST", server.baseURL + "/acs/api/v1/auth/login", json: ["uid": uid, "password": password])
        #expect(response.status == 200, "\(response.text)")
        return try #require(response.json["token"] as? String)
    }

    @Test func theDeployToolFlowWorksOverTheWire() async throws {
        try await SecretStoreServerProcess.withCluster(
            bootstrapPassword: Self.bootstrapPassword, arguments: ["--log-level", "debug"]
        ) { servers in
            let server = servers[0]
            let api = server.baseURL + "/acs/api/v1"
            let login = try await HTTPExchange.send(
                "POST", api + "/auth/login", json: ["uid": "bootstrapuser", "password": Self.bootstrapPassword])
            #expect(login.status == 200)
            #expect(login.headers["content-type"] == "application/json")
            #expect(login.headers["set-cookie"]?.hasPrefix("dcos-acs-auth-cookie=") == true)
            let token = try #require(login.json["token"] as? String)
            let auth = ["Authorization": "token=\(token)"]

            // A user: 201, then 409.
            let user: [String: Any] = ["description": "deploy user", "password": "deploy-user-password"]
            #expect(
                try await HTTPExchange.send("PUT", api + "/users/deployer", headers: auth, json: user).status == 201)
            let again = try await HTTPExchange.send("PUT", api + "/users/deployer", headers: auth, json: user)
            #expect(again.status == 409)
            #expect(again.json["code"] as? String == "ALREADY_EXISTS")

            // A service account with a public key, logging in with an RS256 login token.
            let account: [String: Any] = [
                "description": "app", "public_key": try JWTFixtures.text("service-account.pub.pem"),
            ]
            #expect(
                try await HTTPExchange.send("PUT", api + "/users/app-sa", headers: auth, json: account).status == 201)
            let loginToken = try await JWTFixtures.loginToken(uid: "app-sa")
            let saLogin = try await HTTPExchange.send(
                "POST", api + "/auth/login", json: ["uid": "app-sa", "token": loginToken])
            #expect(saLogin.status == 200)
            let saToken = try #require(saLogin.json["token"] as? String)

            // An ACL with %252F in its id, a grant, the permissions view, a revoke.
            let rid = "dcos:secrets:default:%252Fapp%252F*"
            let acl = try await HTTPExchange.send(
                "PUT", api + "/acls/\(rid)", headers: auth, json: ["description": "app secrets"])
            #expect(acl.status == 201)
            #expect(
                try await HTTPExchange.send("PUT", api + "/acls/\(rid)/users/app-sa/read", headers: auth).status == 204)
            let permissions = try await HTTPExchange.send("GET", api + "/users/app-sa/permissions", headers: auth)
            #expect(permissions.status == 200)
            let direct = try #require(permissions.json["direct"] as? [[String: Any]])
            #expect(direct.first?["rid"] as? String == "dcos:secrets:default:/app/*")
            #expect((direct.first?["actions"] as? [[String: Any]])?.first?["name"] as? String == "read")
            #expect(
                try await HTTPExchange.send("DELETE", api + "/acls/\(rid)/users/app-sa/read", headers: auth).status
                    == 204)
            #expect(
                try await HTTPExchange.send("DELETE", api + "/acls/\(rid)/users/app-sa/read", headers: auth).status
                    == 400)

            // The other status codes of the contract.
            let anonymous = try await HTTPExchange.send("GET", api + "/users")
            #expect(anonymous.status == 401)
            #expect(anonymous.headers["www-authenticate"] == "acsjwt")
            let forbidden = try await HTTPExchange.send(
                "GET", api + "/users", headers: ["Authorization": "Bearer \(saToken)"])
            #expect(forbidden.status == 403)
            #expect(try await HTTPExchange.send("GET", api + "/users/nobody", headers: auth).status == 400)
            let missing = try await HTTPExchange.send("GET", server.baseURL + "/no/such/route", headers: auth)
            #expect(missing.status == 404)
            #expect(missing.headers["content-type"] == "application/json")
            let wrong = try await HTTPExchange.send(
                "POST", api + "/auth/login", json: ["uid": "deployer", "password": "not-the-password"])
            #expect(wrong.status == 401)
            // A password typed into the uid field is not logged either.
            let mistyped = try await HTTPExchange.send(
                "POST", api + "/auth/login", json: ["uid": "typed-password-as-uid", "password": "x"])
            #expect(mistyped.status == 401)

            // Nothing secret reached the log, at debug level, through all of that.
            let log = server.log
            #expect(log.contains("Login"))
            for secret in [
                Self.bootstrapPassword, "deploy-user-password", "not-the-password", "typed-password-as-uid", token,
                saToken, loginToken, "$6$",
            ] {
                #expect(!log.contains(secret), "the log holds a secret (\(secret.prefix(4))…)")
            }
        }
    }

    @Test func twoInstancesShareGrantsWithinASecondAndAcceptEachOthersTokens() async throws {
        try await SecretStoreServerProcess.withCluster(2, bootstrapPassword: Self.bootstrapPassword) { servers in
            let (first, second) = (servers[0], servers[1])
            let token = try await Self.login(first, uid: "bootstrapuser", password: Self.bootstrapPassword)
            let auth = ["Authorization": "token=\(token)"]
            // A token issued by one instance is accepted by the other.
            #expect(
                try await HTTPExchange.send("GET", second.baseURL + "/acs/api/v1/users", headers: auth).status == 200)

            let user: [String: Any] = ["password": "alice-password"]
            #expect(
                try await HTTPExchange.send("PUT", first.baseURL + "/acs/api/v1/users/alice", headers: auth, json: user)
                    .status == 201)
            let rid = "dcos:secrets:default:%252Fteam%252F*"
            #expect(
                try await HTTPExchange.send("PUT", first.baseURL + "/acs/api/v1/acls/\(rid)", headers: auth, json: [:])
                    .status == 201)

            // A grant made through the first takes effect on the second, through its watch (nothing else
            // refreshes it). The limit is generous: speed is the benchmark's business, not this test's.
            let granted = ContinuousClock.now
            #expect(
                try await HTTPExchange.send(
                    "PUT", first.baseURL + "/acs/api/v1/acls/\(rid)/users/alice/full", headers: auth
                )
                .status == 204)
            var allowed = false
            while !allowed, ContinuousClock.now - granted < .seconds(10) {
                let query = try await HTTPExchange.send(
                    "GET", second.baseURL + "/acs/api/v1/acls/\(rid)/users/alice/read", headers: auth)
                allowed = query.json["allowed"] as? Bool == true
                if !allowed { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(allowed, "the second instance did not see the grant within 10 s")

            // A revoke through the second reaches the first the same way.
            let revoked = ContinuousClock.now
            #expect(
                try await HTTPExchange.send(
                    "DELETE", second.baseURL + "/acs/api/v1/acls/\(rid)/users/alice/full", headers: auth
                )
                .status == 204)
            while allowed, ContinuousClock.now - revoked < .seconds(10) {
                let query = try await HTTPExchange.send(
                    "GET", first.baseURL + "/acs/api/v1/acls/\(rid)/users/alice/read", headers: auth)
                allowed = query.json["allowed"] as? Bool == true
                if allowed { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(!allowed, "the first instance did not see the revoke within 10 s")

            // A password user created on one logs in on the other.
            _ = try await Self.login(second, uid: "alice", password: "alice-password")
        }
    }
}
