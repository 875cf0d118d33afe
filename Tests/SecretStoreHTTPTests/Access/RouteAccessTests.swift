import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import Testing

/// Who may call each route: every route the router has is in `expected`, declares that access, and
/// is refused as it says (contract §1, §3, §4, §5). A new route must be added to the table.
@Suite("Route access")
struct RouteAccessTests {
    /// One route of the router, `"METHOD /path"` as Hummingbird's `RouteDescription` spells it.
    struct Rule: Sendable, CustomStringConvertible {
        var route: String
        var access: RouteAccess
        var description: String { "\(route): \(access)" }
    }

    /// Routes for callers without a token.
    static let anyone: [String] = [
        "GET /ping",
        "GET /secrets/v1/ping",
        "GET /secrets/v1/health",
        "POST /acs/api/v1/auth/login",
        "GET /acs/api/v1/auth/jwks",
        "POST /acs/api/v1/auth/logout",
        "GET /acs/api/v1/auth/providers",
        "GET /",
        "HEAD /",
        "GET /dcos-metadata/dcos-version.json",
        "GET /ca/dcos-ca.crt",
        "HEAD /ca/dcos-ca.crt",
    ]

    /// Routes for any valid token; their handlers check `dcos:secrets` permissions.
    static let authenticated: [String] = [
        "GET /secrets/v1/seal-status/{store}",
        "POST /secrets/v1/resolve/{store}",
        "GET /secrets/v1/secret/{store}",
        "PUT /secrets/v1/secret/{store}",
        "PATCH /secrets/v1/secret/{store}",
        "DELETE /secrets/v1/secret/{store}",
        "GET /secrets/v1/secret/{store}/**",
        "PUT /secrets/v1/secret/{store}/**",
        "PATCH /secrets/v1/secret/{store}/**",
        "DELETE /secrets/v1/secret/{store}/**",
        "GET /metadata",
        "GET /metrics",
        "POST /ca/api/v2/info",
        "POST /ca/api/v2/newkey",
        "POST /ca/api/v2/newcert",
        "POST /ca/api/v2/sign",
        "POST /ca/api/v2/bundle",
        "POST /ca/api/v2/certificates",
    ]

    /// Routes for `dcos:superuser` only.
    static let superusers: [String] = [
        "PUT /secrets/v1/seal/{store}",
        "PUT /secrets/v1/unseal/{store}",
        "PUT /secrets/v1/auto-unseal/{store}",
        "GET /secrets/v1/init/{store}",
        "PUT /secrets/v1/init/{store}",
        "GET /secrets/v1/store",
        "GET /secrets/v1/store/{store}",
        "PUT /secrets/v1/rotate/{store}",
        "GET /secrets/v1/key-status/{store}",
        "GET /secrets/v1/backup/{store}",
        "PUT /secrets/v1/restore/{store}",
        "GET /secrets/v1/rekey/{store}",
        "PUT /secrets/v1/rekey/{store}",
        "DELETE /secrets/v1/rekey/{store}",
        "PUT /secrets/v1/rekey/{store}/update",
        "POST /secrets/v1/audit-hash",
        "GET /acs/api/v1/users",
        "PUT /acs/api/v1/users/{uid}",
        "GET /acs/api/v1/users/{uid}",
        "PATCH /acs/api/v1/users/{uid}",
        "DELETE /acs/api/v1/users/{uid}",
        "GET /acs/api/v1/users/{uid}/groups",
        "GET /acs/api/v1/users/{uid}/permissions",
        "GET /acs/api/v1/groups",
        "PUT /acs/api/v1/groups/{gid}",
        "GET /acs/api/v1/groups/{gid}",
        "PATCH /acs/api/v1/groups/{gid}",
        "DELETE /acs/api/v1/groups/{gid}",
        "GET /acs/api/v1/groups/{gid}/users",
        "PUT /acs/api/v1/groups/{gid}/users/{uid}",
        "DELETE /acs/api/v1/groups/{gid}/users/{uid}",
        "GET /acs/api/v1/groups/{gid}/permissions",
        "GET /acs/api/v1/acls",
        "PUT /acs/api/v1/acls/{rid}",
        "GET /acs/api/v1/acls/{rid}",
        "PATCH /acs/api/v1/acls/{rid}",
        "DELETE /acs/api/v1/acls/{rid}",
        "GET /acs/api/v1/acls/{rid}/permissions",
        "PUT /acs/api/v1/acls/{rid}/users/{id}/{action}",
        "DELETE /acs/api/v1/acls/{rid}/users/{id}/{action}",
        "GET /acs/api/v1/acls/{rid}/users/{id}/{action}",
        "PUT /acs/api/v1/acls/{rid}/groups/{id}/{action}",
        "DELETE /acs/api/v1/acls/{rid}/groups/{id}/{action}",
        "GET /acs/api/v1/acls/{rid}/groups/{id}/{action}",
    ]

    /// Every route with its access.
    static let expected: [Rule] =
        anyone.map { Rule(route: $0, access: .anyone) }
        + authenticated.map { Rule(route: $0, access: .authenticated) }
        + superusers.map { Rule(route: $0, access: .superuser) }

    @Test func everyRouteOfTheRouterIsInTheTableWithTheAccessItDeclares() async throws {
        let (router, table) = try await Self.router()
        let routes = router.routes.map(\.description)
        let expected = Set(Self.expected.map(\.route))
        #expect(routes.count == Self.expected.count)
        #expect(Set(routes).subtracting(expected).sorted() == [], "routes missing from the table")
        #expect(expected.subtracting(routes).sorted() == [], "routes in the table the router lacks")
        let declared = table.routes
        #expect(Set(declared.keys) == Set(routes), "every route declares its access")
        let wrong = Self.expected.filter { declared[$0.route] != $0.access }
        #expect(wrong.map { "\($0.route): \(declared[$0.route].map(\.rawValue) ?? "none")" } == [])
    }

    /// Without a token, anyone's routes answer and the others are 401; with a token without
    /// `dcos:superuser`, superuser routes are 403 and the others are not refused for want of it; a
    /// superuser is refused nowhere.
    @Test(arguments: expected) func theDeclaredAccessIsEnforced(_ rule: Rule) async throws {
        let identity = try await IdentityFixture.service()
        let (router, _) = try await Self.router(identity: identity)
        try await Application(router: router).test(.router) { client in
            let (methodName, template) = rule.route.split(separator: " ", maxSplits: 1).map(String.init).pair
            let method = try #require(HTTPRequest.Method(methodName))
            let uri = Self.uri(template)
            func send(_ token: String?) async throws -> TestResponse {
                var headers = HTTPFields()
                if let token { headers[.authorization] = "token=\(token)" }
                return try await client.executeRequest(uri: uri, method: method, headers: headers, body: nil)
            }

            let anonymous = try await send(nil)
            if rule.access == .anyone {
                #expect(anonymous.status != .unauthorized && anonymous.status != .forbidden)
            } else {
                #expect(anonymous.status == .unauthorized)
                #expect(anonymous.headers[.wwwAuthenticate] == "acsjwt")
                #expect(anonymous.errorCode == "UNAUTHENTICATED")
            }

            try await identity.directory.createUser(
                User(uid: "alice", description: "", credential: .passwordHash("$6$x")))
            let alice = try await send(try await identity.issueToken(for: "alice").token)
            let refusedForNotBeingSuperuser =
                alice.status == .forbidden && alice.errorCode == "FORBIDDEN"
                && (alice.errorMessage ?? alice.cfsslErrorMessage)?.hasSuffix(
                    "'alice' is not a superuser (dcos:superuser)")
                    == true
            #expect(refusedForNotBeingSuperuser == (rule.access == .superuser))
            #expect(alice.status != .unauthorized)

            let root = try await send(try await identity.issueToken(for: IdentityFixture.superuser).token)
            #expect(root.status != .unauthorized && root.status != .forbidden)
        }
    }

    /// A route added to the router without an `AccessGroup` declares nothing: it is refused (500),
    /// never open to all, and the table above no longer matches the router.
    @Test func aRouteThatDeclaresNoAccessIsRefusedAndCaught() async throws {
        let (router, table) = try await Self.router()
        router.get("/secrets/v1/undeclared") { _, _ in "open" }
        try await Application(router: router).test(.router) { client in
            let response = try await client.executeRequest(
                uri: "/secrets/v1/undeclared", method: .get, headers: [:], body: nil)
            #expect(response.status == .internalServerError)
            #expect(response.errorCode == "INTERNAL")
        }
        #expect(Set(router.routes.map(\.description)) != Set(table.routes.keys))
    }

    /// A path that is a route's with other methods is 405 naming them in `Allow` (RFC 9110 §15.5.6),
    /// before any token is checked; a path that is no route's stays 404.
    @Test func anotherMethodOnARoutesPathIs405WithAllow() async throws {
        let (router, _) = try await Self.router()
        try await Application(router: router).test(.router) { client in
            let cases: [(HTTPRequest.Method, String, String?)] = [
                (.trace, "/acs/api/v1/acls", "GET"),
                (.post, "/secrets/v1/secret/default/app/db", "DELETE, GET, PATCH, PUT"),
                (.post, "//secrets/v1/secret/default", "DELETE, GET, PATCH, PUT"),
                (.delete, "/ca/dcos-ca.crt", "GET, HEAD"),
                (.get, "/secrets/v1/rekey/default/update", "PUT"),
                (.get, "/secrets/v1/nothing", nil),
                (.post, "/acs/api/v1/users/alice/groups/extra", nil),
            ]
            for (method, uri, allowed) in cases {
                let response = try await client.executeRequest(uri: uri, method: method, headers: [:], body: nil)
                if let allowed {
                    #expect(response.status == .methodNotAllowed, "\(method) \(uri)")
                    #expect(response.headers[.allow] == allowed, "\(method) \(uri)")
                    #expect(response.errorCode == "METHOD_NOT_ALLOWED")
                } else {
                    #expect(response.status == .notFound, "\(method) \(uri)")
                    #expect(response.headers[.allow] == nil)
                }
            }
        }
    }

    /// The router over in-memory services, and the access its routes declared.
    static func router(identity: IdentityService? = nil) async throws
        -> (Router<SecretStoreRequestContext>, RouteAccessTable)
    {
        let table = RouteAccessTable()
        let identity = if let identity { identity } else { try await IdentityFixture.service() }
        let services = try await TestServices.make(identity: identity)
        return (SecretStoreRouter.build(services, access: table), table)
    }

    /// A URI the route template matches: `{store}` is the store, other parameters a plain id.
    static func uri(_ template: String) -> String {
        template.replacingOccurrences(of: "{store}", with: "default")
            .replacingOccurrences(of: "**", with: "app/db")
            .replacingOccurrences(of: "{action}", with: "read")
            .replacingOccurrences(of: "{rid}", with: "dcos:secrets:default:app")
            .replacingOccurrences(of: #"\{[a-z]+\}"#, with: "someone", options: .regularExpression)
    }
}

extension Array where Element == String {
    /// The first two elements (`"GET /x"` split at its space).
    fileprivate var pair: (String, String) { (self[0], count > 1 ? self[1] : "") }
}

extension TestResponse {
    /// The `message` of a JSON error body.
    fileprivate var errorMessage: String? { json["message"] as? String }
}
