import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreTesting
import Testing

@Suite("Identity management API")
struct ManagementAPITests {
    @Test func usersHaveTheContractsStatusCodes() async throws {
        try await withIdentityAPI { api in
            let body = #"{"description":"Alice","password":"alice-password"}"#
            #expect(try await api.send(.put, "/acs/api/v1/users/alice", json: body).status == .created)
            let again = try await api.send(.put, "/acs/api/v1/users/alice", json: body)
            #expect(again.status == .conflict)
            #expect(again.errorCode == "ALREADY_EXISTS")

            let user = try await api.send(.get, "/acs/api/v1/users/alice")
            #expect(user.status == .ok)
            #expect(user.headers[.contentType] == "application/json")
            #expect(user.json["uid"] as? String == "alice")
            #expect(user.json["description"] as? String == "Alice")
            #expect(user.json["is_service"] as? Bool == false)
            #expect(!String(buffer: user.body).contains("$6$"))
            #expect(!String(buffer: user.body).contains("password"))

            #expect(try await api.send(.get, "/acs/api/v1/users/nobody").status == .badRequest)
            let patch = try await api.send(.patch, "/acs/api/v1/users/alice", json: #"{"description":"A."}"#)
            #expect(patch.status == .noContent)
            #expect(try await api.send(.get, "/acs/api/v1/users/alice").json["description"] as? String == "A.")
            let list = try await api.send(.get, "/acs/api/v1/users")
            let uids = (list.json["array"] as? [[String: Any]])?.compactMap { $0["uid"] as? String }
            #expect(uids == ["alice", "root"])
            #expect(try await api.send(.delete, "/acs/api/v1/users/alice").status == .noContent)
            #expect(try await api.send(.delete, "/acs/api/v1/users/alice").status == .notFound)
        }
    }

    @Test func aChangedPasswordIsTheOneThatLogsIn() async throws {
        try await withIdentityAPI { api in
            try await api.send(.put, "/acs/api/v1/users/alice", json: #"{"password":"first-password"}"#)
            try await api.send(.patch, "/acs/api/v1/users/alice", json: #"{"password":"second-password"}"#)
            let old = try await api.send(
                .post, "/acs/api/v1/auth/login", json: #"{"uid":"alice","password":"first-password"}"#, token: "")
            #expect(old.status == .unauthorized)
            let new = try await api.send(
                .post, "/acs/api/v1/auth/login", json: #"{"uid":"alice","password":"second-password"}"#, token: "")
            #expect(new.status == .ok)
        }
    }

    @Test func badUserBodiesAreRefused() async throws {
        try await withIdentityAPI { api in
            let key = try JWTFixtures.text("service-account.pub.pem")
            let both = try JSONSerialization.data(withJSONObject: ["password": "long-enough", "public_key": key])
            let cases: [(String, String, String, HTTPResponse.Status)] = [
                ("alice", #"{"description":"no credential"}"#, "application/json", .badRequest),
                ("alice", String(decoding: both, as: UTF8.self), "application/json", .badRequest),
                ("alice", #"{"password":"short"}"#, "application/json", .badRequest),
                (
                    "alice", #"{"public_key":"-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----"}"#,
                    "application/json", .badRequest
                ),
                ("bad%20uid", #"{"password":"long-enough"}"#, "application/json", .badRequest),
                ("alice", #"{"password":"long-enough"}"#, "application/x-www-form-urlencoded", .unsupportedMediaType),
            ]
            for (uid, body, type, status) in cases {
                let response = try await api.send(.put, "/acs/api/v1/users/\(uid)", json: body, contentType: type)
                #expect(response.status == status, "\(body)")
            }
            // JSON with parameters, and no Content-Type at all, are JSON; unknown fields are ignored.
            let charset = try await api.send(
                .put, "/acs/api/v1/users/bob", json: #"{"password":"long-enough","provider_type":"internal"}"#,
                contentType: "application/json; charset=UTF-8")
            #expect(charset.status == .created)
            let untyped = try await api.send(
                .put, "/acs/api/v1/users/carol", json: #"{"password":"long-enough"}"#, contentType: "")
            #expect(untyped.status == .created)
        }
    }

    @Test func serviceAccountsAreListedSeparately() async throws {
        try await withIdentityAPI { api in
            let key = try JWTFixtures.text("service-account.pub.pem")
            let body = String(
                decoding: try JSONSerialization.data(withJSONObject: ["description": "CI", "public_key": key]),
                as: UTF8.self)
            #expect(try await api.send(.put, "/acs/api/v1/users/ci-bot", json: body).status == .created)
            let services = try await api.send(.get, "/acs/api/v1/users?type=service")
            let listed = try #require(services.json["array"] as? [[String: Any]])
            #expect(listed.map { $0["uid"] as? String } == ["ci-bot"])
            #expect(listed.first?["public_key"] as? String == key)
            let users = try await api.send(.get, "/acs/api/v1/users")
            #expect((users.json["array"] as? [[String: Any]])?.map { $0["uid"] as? String } == ["root"])
        }
    }

    @Test func aclsWithDoubleEncodedSlashesGrantAndRevoke() async throws {
        try await withIdentityAPI { api in
            try await api.send(.put, "/acs/api/v1/users/alice", json: #"{"password":"alice-password"}"#)
            let rid = "dcos:secrets:default:%252Fdb%252Fpassword"
            #expect(
                try await api.send(.put, "/acs/api/v1/acls/\(rid)", json: #"{"description":"DB"}"#).status == .created)
            #expect(
                try await api.send(.put, "/acs/api/v1/acls/\(rid)", json: #"{"description":"DB"}"#).status == .conflict)
            let acls = try await api.send(.get, "/acs/api/v1/acls")
            let listed = try #require(acls.json["array"] as? [[String: Any]])
            #expect(listed.contains { $0["rid"] as? String == "dcos:secrets:default:/db/password" })

            #expect(try await api.send(.put, "/acs/api/v1/acls/\(rid)/users/alice/read").status == .noContent)
            #expect(try await api.send(.put, "/acs/api/v1/acls/\(rid)/users/alice/read").status == .noContent)
            #expect(try await api.send(.put, "/acs/api/v1/acls/\(rid)/users/alice/write").status == .badRequest)
            #expect(try await api.send(.put, "/acs/api/v1/acls/\(rid)/users/nobody/read").status == .notFound)
            #expect(try await api.send(.put, "/acs/api/v1/acls/dcos:nothing/users/alice/read").status == .notFound)

            let permissions = try await api.send(.get, "/acs/api/v1/users/alice/permissions")
            let direct = try #require(permissions.json["direct"] as? [[String: Any]])
            #expect(direct.first?["rid"] as? String == "dcos:secrets:default:/db/password")
            #expect((direct.first?["actions"] as? [[String: Any]])?.map { $0["name"] as? String } == ["read"])
            #expect((permissions.json["groups"] as? [Any])?.isEmpty == true)

            let aclPermissions = try await api.send(.get, "/acs/api/v1/acls/\(rid)/permissions")
            let userGrant = try #require((aclPermissions.json["users"] as? [[String: Any]])?.first)
            #expect(userGrant["uid"] as? String == "alice")
            let action = try #require((userGrant["actions"] as? [[String: Any]])?.first)
            #expect(action["name"] as? String == "read")
            #expect(action["url"] as? String == "/acs/api/v1/acls/\(rid)/users/alice/read")
            #expect((aclPermissions.json["groups"] as? [Any])?.isEmpty == true)

            let query = try await api.send(.get, "/acs/api/v1/acls/\(rid)/users/alice/read")
            #expect(query.json["allowed"] as? Bool == true)
            #expect(
                try await api.send(.get, "/acs/api/v1/acls/\(rid)/users/alice/update").json["allowed"] as? Bool == false
            )

            #expect(try await api.send(.delete, "/acs/api/v1/acls/\(rid)/users/alice/read").status == .noContent)
            let absent = try await api.send(.delete, "/acs/api/v1/acls/\(rid)/users/alice/read")
            #expect(absent.status == .badRequest)
            #expect(absent.errorCode == "BAD_REQUEST")
        }
    }

    @Test func groupsMembershipsAndGroupGrants() async throws {
        try await withIdentityAPI { api in
            try await api.send(.put, "/acs/api/v1/users/bob", json: #"{"password":"bob-password"}"#)
            #expect(
                try await api.send(.put, "/acs/api/v1/groups/ops", json: #"{"description":"Ops"}"#).status == .created)
            #expect(
                try await api.send(.put, "/acs/api/v1/groups/ops", json: #"{"description":"Ops"}"#).status == .conflict)
            #expect(try await api.send(.put, "/acs/api/v1/groups/ops/users/bob").status == .noContent)
            #expect(try await api.send(.put, "/acs/api/v1/groups/ops/users/nobody").status == .notFound)
            try await api.send(.put, "/acs/api/v1/acls/dcos:secrets:default:%252Fops%252F*", json: "{}")
            #expect(
                try await api.send(.put, "/acs/api/v1/acls/dcos:secrets:default:%252Fops%252F*/groups/ops/full").status
                    == .noContent)

            let groups = try await api.send(.get, "/acs/api/v1/users/bob/groups")
            let membership = try #require((groups.json["array"] as? [[String: Any]])?.first)
            #expect((membership["group"] as? [String: Any])?["gid"] as? String == "ops")
            let permissions = try await api.send(.get, "/acs/api/v1/users/bob/permissions")
            let viaGroups = try #require(permissions.json["groups"] as? [[String: Any]])
            #expect(viaGroups.first?["gid"] as? String == "ops")
            #expect(viaGroups.first?["rid"] as? String == "dcos:secrets:default:/ops/*")
            let groupPermissions = try await api.send(.get, "/acs/api/v1/groups/ops/permissions")
            #expect((groupPermissions.json["array"] as? [Any])?.count == 1)

            let bobToken = try await api.token(for: "bob")
            #expect(api.identity.directory.snapshot.isAllowed("bob", .delete, on: .secret("ops/db")))
            #expect(try await api.send(.delete, "/acs/api/v1/groups/ops/users/bob").status == .noContent)
            #expect(!api.identity.directory.snapshot.isAllowed("bob", .delete, on: .secret("ops/db")))
            #expect(try await api.send(.get, "/acs/api/v1/groups", token: bobToken).status == .forbidden)
            #expect(try await api.send(.delete, "/acs/api/v1/groups/ops").status == .noContent)
            #expect(try await api.send(.get, "/acs/api/v1/groups/ops").status == .notFound)
        }
    }

    @Test func everyManagementCallNeedsASuperuser() async throws {
        try await withIdentityAPI { api in
            try await api.send(.put, "/acs/api/v1/users/alice", json: #"{"password":"alice-password"}"#)
            try await api.send(.put, "/acs/api/v1/acls/dcos:secrets:default:%252F*", json: "{}")
            try await api.send(.put, "/acs/api/v1/acls/dcos:secrets:default:%252F*/users/alice/full")
            let alice = try await api.token(for: "alice")
            let calls: [(HTTPRequest.Method, String, String?)] = [
                (.get, "/acs/api/v1/users", nil), (.put, "/acs/api/v1/users/eve", #"{"password":"eve-password"}"#),
                (.get, "/acs/api/v1/users/root", nil), (.delete, "/acs/api/v1/users/root", nil),
                (.get, "/acs/api/v1/users/alice/permissions", nil), (.put, "/acs/api/v1/groups/g", "{}"),
                (.put, "/acs/api/v1/groups/superusers/users/alice", nil), (.get, "/acs/api/v1/acls", nil),
                (.put, "/acs/api/v1/acls/dcos:superuser/users/alice/full", nil),
            ]
            for (method, uri, body) in calls {
                let response = try await api.send(method, uri, json: body, token: alice)
                #expect(response.status == .forbidden, "\(method) \(uri)")
                #expect(response.errorCode == "FORBIDDEN")
            }
            #expect(!api.identity.directory.snapshot.isSuperuser("alice"))
        }
    }
}
