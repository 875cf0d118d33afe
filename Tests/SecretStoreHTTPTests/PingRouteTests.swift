import Hummingbird
import HummingbirdTesting
import Logging
import SecretStoreHTTP
import SecretStoreTesting
import Testing

@Suite("Liveness routes")
struct PingRouteTests {
    @Test(arguments: ["/ping", "/secrets/v1/ping"])
    func pingAnswersPongAsPlainText(_ path: String) async throws {
        let app = SecretStoreApplication.build(
            HTTPConfiguration(), services: try await TestServices.make(identity: try await IdentityFixture.service()),
            logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain")
                #expect(String(buffer: response.body) == "pong")
            }
        }
    }

    @Test func unknownPathsAreNotFound() async throws {
        let app = SecretStoreApplication.build(
            HTTPConfiguration(), services: try await TestServices.make(identity: try await IdentityFixture.service()),
            logger: Logger(label: "test"))
        try await app.test(.router) { client in
            try await client.execute(uri: "/secrets/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/json")
                #expect(String(buffer: response.body).contains("\"code\":\"NOT_FOUND\""))
            }
        }
    }
}
