import Foundation
import SecretStoreTesting
import Testing

/// Who may call the seal routes (contract §3 and §4): the superuser for everything but seal
/// status, which any authenticated caller may read; nobody without a token.
@Suite("Seal: permissions", .timeLimit(.minutes(3)))
struct SealPermissionsEndToEndTests {
    /// Every superuser-only route, with a body that would be valid for the superuser.
    static var superuserRoutes: [(method: String, path: String, json: [String: Any]?)] {
        [
            ("PUT", "/seal/default", nil),
            ("PUT", "/unseal/default", ["key": "01" + String(repeating: "ab", count: 32)]),
            ("PUT", "/unseal/default", ["reset": true]),
            ("PUT", "/auto-unseal/default", nil),
            ("GET", "/init/default", nil),
            ("PUT", "/init/default", ["shares": 1, "threshold": 1, "pgp_keys": ["AAAA"]]),
            ("GET", "/store", nil),
            ("GET", "/store/default", nil),
            ("PUT", "/rotate/default", nil),
            ("GET", "/key-status/default", nil),
        ]
    }

    @Test func onlyTheSuperuserSealsUnsealsInitialisesAndRotates() async throws {
        try await SealTestRoot.with { root in
            let admin = try await root.startUnsealed()
            let api = admin.server.baseURL + "/acs/api/v1"
            let auth = ["Authorization": "token=\(admin.token)"]
            let created = try await HTTPExchange.send(
                "PUT", api + "/users/alice", headers: auth, json: ["password": "alice-password"])
            #expect(created.status == 201, "\(created.text)")
            // Full rights on every secret are still not the superuser's.
            let rid = "dcos:secrets:default:%252F*"
            #expect(try await HTTPExchange.send("PUT", api + "/acls/\(rid)", headers: auth, json: [:]).status == 201)
            #expect(
                try await HTTPExchange.send("PUT", api + "/acls/\(rid)/users/alice/full", headers: auth).status == 204)
            let alice = SealClient(
                server: admin.server, token: try await admin.server.login(uid: "alice", password: "alice-password"))
            try await alice.create("alice/own", "mine")

            for route in Self.superuserRoutes {
                let denied = try await alice.send(route.method, route.path, json: route.json)
                #expect(denied.status == 403, "\(route.method) \(route.path) by alice: \(denied.status) \(denied.text)")
                #expect(denied.json["code"] as? String == "FORBIDDEN", "\(route.method) \(route.path)")
                let anonymous = try await alice.send(route.method, route.path, json: route.json, token: "")
                #expect(anonymous.status == 401, "\(route.method) \(route.path) without a token: \(anonymous.status)")
                #expect(anonymous.headers["www-authenticate"] == "acsjwt")
            }
            // Nothing alice asked for happened.
            let status = try await alice.sealStatus()
            #expect(status["sealed"] as? Bool == false, "\(status)")
            #expect(try await root.storedValue("keys/intended-seal") == nil)
            let keyStatus = try await admin.send("GET", "/key-status/default")
            #expect(keyStatus.json["term"] as? Int == 1, "\(keyStatus.text)")

            // Seal status: any authenticated caller, sealed or not; never anonymous.
            #expect(status["initialized"] as? Bool == true && status["progress"] as? Int == 0)
            #expect(status["shares"] as? Int == 1 && status["threshold"] as? Int == 1)
            let anonymous = try await alice.send("GET", "/seal-status/default", token: "")
            SealClient.expectError(anonymous, 401, "UNAUTHENTICATED")
            SealClient.expectError(
                try await alice.send("GET", "/seal-status/default", token: "garbage"), 401, "UNAUTHENTICATED")
            #expect(try await admin.send("PUT", "/seal/default").status == 204)
            #expect(try await alice.sealStatus()["sealed"] as? Bool == true)
            SealClient.expectError(try await alice.send("GET", "/secret/default/alice/own"), 503, "SEALED")
            for route in Self.superuserRoutes {
                let denied = try await alice.send(route.method, route.path, json: route.json)
                #expect(denied.status == 403, "while sealed, \(route.method) \(route.path) by alice: \(denied.status)")
            }
            #expect(try await alice.sealStatus()["sealed"] as? Bool == true)
            // The identity API keeps working while sealed.
            #expect(try await HTTPExchange.send("GET", api + "/users/alice", headers: auth).status == 200)
            _ = try await admin.server.login(uid: "alice", password: "alice-password")
        }
    }
}
