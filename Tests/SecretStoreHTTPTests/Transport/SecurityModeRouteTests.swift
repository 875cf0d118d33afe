import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import Testing

/// What each listener of each security mode answers (contract §7), through the router in process;
/// the handshakes themselves are in the end-to-end tests.
@Suite("Security modes: redirects and HSTS")
struct SecurityModeRouteTests {
    static func transport(_ mode: SecurityMode) -> TransportConfiguration {
        TransportConfiguration(mode: mode, httpsPort: 8443, hostnames: ["store.example"])
    }

    /// Runs `body` against the router of `mode`'s plain listener (or its HTTPS one).
    static func with(
        _ mode: SecurityMode, https: Bool = false, _ body: @Sendable (SecretsAPIClient) async throws -> Void
    ) async throws {
        let identity = try await IdentityFixture.service()
        let services = try await TestServices.make(identity: identity)
        _ = try await services.authority.ensureRoot(commonName: "test")
        let listeners = Listener.listeners(for: transport(mode), fallbackHost: "127.0.0.1")
        let listener = try #require(https ? listeners.https : listeners.plain)
        let app = SecretStoreApplication.build(
            HTTPConfiguration(), services: services, listener: listener, logger: Logger(label: "test.http"))
        try await app.test(.router) { client in
            let root = try await identity.issueToken(for: IdentityFixture.superuser).token
            try await body(SecretsAPIClient(client: client, identity: identity, rootToken: root))
        }
    }

    @Test func disabledHasNoHTTPSListener() {
        #expect(Listener.listeners(for: Self.transport(.disabled), fallbackHost: "h").https == nil)
    }

    /// The `dcos` CLI's detection: `HEAD /`, then `HEAD /ca/dcos-ca.crt`, over plain HTTP.
    @Test(arguments: [
        (SecurityMode.disabled, 200, 200), (.permissive, 307, 200), (.strict, 307, 307),
    ])
    func theDCOSCLIsDetectionTellsTheModesApart(_ mode: SecurityMode, _ root: Int, _ caFile: Int) async throws {
        try await Self.with(mode) { api in
            let rootAnswer = try await api.send(.head, "/", token: "")
            let caFileAnswer = try await api.send(.head, "/ca/dcos-ca.crt", token: "")
            #expect(Int(rootAnswer.status.code) == root)
            #expect(Int(caFileAnswer.status.code) == caFile)
        }
    }

    @Test(arguments: [SecurityMode.disabled, .permissive, .strict])
    func plainHTTPServesOtherPathsUnlessStrict(_ mode: SecurityMode) async throws {
        try await Self.with(mode) { api in
            let ping = try await api.send(.get, "/ping", token: "")
            #expect(ping.status == (mode == .strict ? .temporaryRedirect : .ok))
            let write = try await api.write("a", text: "v")
            #expect(write.status == (mode == .strict ? .temporaryRedirect : .created))
            #expect(ping.headers[.strictTransportSecurity] == nil)
        }
    }

    @Test func strictRedirectsEveryRequestUnknownPathsIncluded() async throws {
        try await Self.with(.strict) { api in
            let write = try await api.write("app/db", text: "v")
            #expect(write.status == .temporaryRedirect)
            #expect(write.headers[.location]?.hasSuffix(":8443/secrets/v1/secret/default/app/db") == true)
            let unknown = try await api.send(.get, "/no/such/path?x=1", token: "")
            #expect(unknown.status == .temporaryRedirect)
            #expect(unknown.headers[.location]?.hasSuffix(":8443/no/such/path?x=1") == true)
        }
    }

    /// `Location` is `https://<host of the Host header>:<https port><path and query as received>`;
    /// without a Host header, the first `--tls-hostname`.
    @Test(arguments: [
        (
            "10.0.0.5:1337", "/secrets/v1/secret/default/app?list=true&x=%2F",
            "https://10.0.0.5:8443/secrets/v1/secret/default/app?list=true&x=%2F"
        ),
        ("store.example", "/", "https://store.example:8443/"),
        ("[::1]:1337", "/ping", "https://[::1]:8443/ping"),
        (nil, "/ping", "https://store.example:8443/ping"),
    ])
    func theRedirectsLocation(_ host: String?, _ target: String, _ location: String) {
        let redirect = HTTPSRedirect(scope: .everything, httpsPort: 8443, fallbackHost: "store.example")
        let request = Request(
            head: HTTPRequest(method: .put, scheme: nil, authority: host, path: target),
            body: .init(buffer: ByteBuffer()))
        #expect(redirect.location(for: request) == location)
    }

    @Test(arguments: [SecurityMode.permissive, .strict])
    func httpsServesEverythingWithHSTSOnlyWhenStrict(_ mode: SecurityMode) async throws {
        try await Self.with(mode, https: true) { api in
            let root = try await api.send(.get, "/", token: "")
            #expect(root.status == .ok)
            #expect(root.headers[.contentType] == "text/plain")
            #expect(root.text.hasPrefix("SecretStore "))
            let missing = try await api.send(.get, "/no/such/path", token: "")
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "NOT_FOUND")
            for response in [root, missing] {
                #expect(response.headers[.strictTransportSecurity] == (mode == .strict ? "max-age=31536000" : nil))
            }
        }
    }

    @Test(arguments: [false, true])
    func theAuthCookieIsSecureOnlyOverHTTPS(_ https: Bool) async throws {
        try await Self.with(.permissive, https: https) { api in
            try await api.identity.directory.createUser(
                User(uid: "dave", description: "", credential: .passwordHash(try api.identity.hasher.hash("pw-123456")))
            )
            let response = try await api.client.executeRequest(
                uri: "/acs/api/v1/auth/login", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"uid":"dave","password":"pw-123456"}"#))

            #expect(response.status == .ok)
            let cookie = try #require(response.headers[.setCookie])
            #expect(cookie.contains("; Secure") == https, "\(cookie)")
            #expect(cookie.contains("HttpOnly"))
        }
    }
}
