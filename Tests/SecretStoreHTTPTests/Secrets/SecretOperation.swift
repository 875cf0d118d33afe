import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import Testing

/// The five secret calls, each on a fixed path under `team` and with what the contract's §4 says
/// it needs. `prepare` creates the secret `team/db` the calls act on.
enum SecretOperation: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case create, read, update, delete, list

    var testDescription: String { rawValue }

    /// The resource id the call is checked against.
    var resource: String {
        switch self {
        case .create: "dcos:secrets:default:/team/new"
        case .list: "dcos:secrets:list:default:/team"
        case .read, .update, .delete: "dcos:secrets:default:/team/db"
        }
    }

    /// The action the call needs on `resource`.
    var action: PermissionAction {
        switch self {
        case .create: .create
        case .read, .list: .read
        case .update: .update
        case .delete: .delete
        }
    }

    /// The status of a permitted call.
    var success: HTTPResponse.Status {
        switch self {
        case .create: .created
        case .read, .list: .ok
        case .update, .delete: .noContent
        }
    }

    /// Creates `team/db` with the value `original`, as the superuser.
    static func prepare(_ api: SecretsAPIClient) async throws {
        #expect(try await api.write("team/db", text: "original").status == .created)
    }

    /// Performs the call with `token` (`""` sends none).
    func perform(_ api: SecretsAPIClient, token: String) async throws -> TestResponse {
        switch self {
        case .create: try await api.write("team/new", text: "created", token: token)
        case .read: try await api.send(.get, SecretsAPIClient.uri("team/db"), token: token)
        case .update: try await api.write(.patch, "team/db", text: "changed", token: token)
        case .delete: try await api.send(.delete, SecretsAPIClient.uri("team/db"), token: token)
        case .list: try await api.send(.get, SecretsAPIClient.listURI("team"), token: token)
        }
    }

    /// Checks what a permitted call answered and left in the store.
    func expectSucceeded(_ response: TestResponse, _ api: SecretsAPIClient) async throws {
        #expect(response.status == success, "\(rawValue): \(response.text)")
        switch self {
        case .create: #expect(try await api.rawValue("team/new") == Array("created".utf8))
        case .read: #expect(response.json["value"] as? String == "original")
        case .update: #expect(try await api.rawValue("team/db") == Array("changed".utf8))
        case .delete: #expect(try await api.rawValue("team/db") == nil)
        case .list: #expect(response.json["array"] as? [String] == ["db"])
        }
    }

    /// Checks that a refused call answered `status` with `code` and changed nothing.
    func expectRefused(
        _ response: TestResponse, _ api: SecretsAPIClient, status: HTTPResponse.Status = .forbidden,
        code: String = "FORBIDDEN"
    ) async throws {
        #expect(response.status == status, "\(rawValue): \(response.text)")
        #expect(response.errorCode == code, "\(rawValue)")
        #expect(response.headers[.contentType] == "application/json")
        #expect(response.json["value"] == nil && response.json["array"] == nil)
        #expect(try await api.rawValue("team/new") == nil)
        #expect(try await api.rawValue("team/db") == Array("original".utf8))
    }
}
