import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting
import Testing

/// The rekey routes' wire shapes and refusals (contract §9), over in-memory storage with
/// `TestKeyShareWrapping` keys (`test-key:` text, whose holder decrypts the share).
@Suite("Rekey routes")
struct RekeyRouteTests {
    static let wrapping = TestKeyShareWrapping()

    /// `count` operator keys.
    static func keys(_ count: Int) async throws -> [String] {
        var keys: [String] = []
        for _ in 0..<count { keys.append(try await wrapping.generateKeyPair(userID: "operator").secretKey) }
        return keys
    }

    /// The shares of an init-shaped answer, decrypted with the key of each index.
    static func shares(_ answer: [String: Any], keys: [String]) async throws -> [String] {
        let messages = try #require(answer["keys"] as? [String])
        var shares: [String] = []
        for (message, key) in zip(messages, keys) {
            let bytes = try await wrapping.unwrap(try #require(Hex.decode(message)), secretKey: key)
            shares.append(String(decoding: bytes, as: UTF8.self))
        }
        return shares
    }

    /// Sends `method path` under `/secrets/v1` with a JSON body, as the superuser (or `token`).
    @discardableResult
    static func send(
        _ api: SecretsAPIClient, _ method: HTTPRequest.Method, _ path: String, _ json: [String: Any]? = nil,
        token: String? = nil
    ) async throws -> TestResponse {
        try await api.send(
            method, "/secrets/v1" + path, body: try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) },
            contentType: json == nil ? nil : "application/json", token: token)
    }

    /// Expects an error answer with this status and code, as the contract's error body.
    static func expectError(
        _ response: TestResponse, _ status: HTTPResponse.Status, _ code: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(response.status == status, "\(String(buffer: response.body))", sourceLocation: sourceLocation)
        #expect(response.errorCode == code, sourceLocation: sourceLocation)
        #expect(response.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
    }

    @Test func aRekeyRunsFromStartToTheNewSharesAndRefusesWhatItShould() async throws {
        try await withSecretsAPI(unsealed: false) { api in
            let keys = try await Self.keys(3)
            let body: [String: Any] = ["shares": 2, "threshold": 2, "pgp_keys": Array(keys.prefix(2))]
            Self.expectError(try await Self.send(api, .put, "/rekey/default", body), .badRequest, "BAD_REQUEST")
            let initialized = try await Self.send(
                api, .put, "/init/default", ["shares": 3, "threshold": 2, "pgp_keys": keys])
            #expect(initialized.status == .ok)
            let old = try await Self.shares(initialized.json, keys: keys)

            let idle = try await Self.send(api, .get, "/rekey/default")
            #expect(idle.status == .ok)
            #expect(idle.json["started"] as? Bool == false && idle.json["nonce"] as? String == "")
            #expect(idle.json["required"] as? Int == 2)
            for bad: [String: Any] in [
                ["shares": 2, "threshold": 3, "pgp_keys": keys], ["shares": 1, "threshold": 1, "pgp_keys": ["x"]],
                ["shares": "two"],
            ] {
                Self.expectError(try await Self.send(api, .put, "/rekey/default", bad), .badRequest, "BAD_REQUEST")
            }
            let plain = try await api.user("alice")
            Self.expectError(
                try await Self.send(api, .put, "/rekey/default", body, token: plain), .forbidden, "FORBIDDEN")
            Self.expectError(try await Self.send(api, .put, "/rekey/other", body), .notFound, "NOT_FOUND")

            let started = try await Self.send(api, .put, "/rekey/default", body)
            #expect(started.status == .ok)
            #expect(started.headers[.contentType] == "application/json")
            let nonce = try #require(started.json["nonce"] as? String)
            #expect(started.json["progress"] as? Int == 0 && started.json["required"] as? Int == 2)
            #expect(started.json["started"] as? Bool == true)
            Self.expectError(try await Self.send(api, .put, "/rekey/default", body), .conflict, "CONFLICT")
            #expect(try await Self.send(api, .get, "/rekey/default").json["nonce"] as? String == nonce)

            let update = "/rekey/default/update"
            Self.expectError(
                try await Self.send(api, .put, update, ["nonce": UUID().uuidString, "key": old[0]]), .badRequest,
                "BAD_REQUEST")
            Self.expectError(
                try await Self.send(
                    api, .put, update, ["nonce": nonce, "key": "01" + String(repeating: "cd", count: 32)]),
                .badRequest, "INVALID_UNSEAL_KEY")
            Self.expectError(try await Self.send(api, .put, update, ["nonce": nonce]), .badRequest, "BAD_REQUEST")
            let first = try await Self.send(api, .put, update, ["nonce": nonce, "key": old[2]])
            #expect(first.status == .ok)
            #expect(first.json["complete"] as? Bool == false && first.json["progress"] as? Int == 1)
            #expect(first.json["required"] as? Int == 2 && first.json["nonce"] as? String == nonce)
            #expect(first.json["keys"] == nil)
            Self.expectError(
                try await Self.send(api, .put, update, ["nonce": nonce, "key": old[2]]), .badRequest,
                "INVALID_UNSEAL_KEY")

            let done = try await Self.send(api, .put, update, ["nonce": nonce, "key": old[0]])
            #expect(done.status == .ok)
            #expect(done.json["complete"] as? Bool == true && done.json["nonce"] as? String == nonce)
            #expect((done.json["keys"] as? [String])?.count == 2 && (done.json["keys_base64"] as? [String])?.count == 2)
            #expect((done.json["pgp_fingerprints"] as? [String])?.count == 2)
            #expect(done.json["shares"] as? Int == 2 && done.json["threshold"] as? Int == 2)
            let shares = try await Self.send(api, .get, "/init/default")
            #expect(shares.json["keys"] as? [String] == done.json["keys"] as? [String])
            Self.expectError(
                try await Self.send(api, .put, update, ["nonce": nonce, "key": old[1]]), .badRequest, "BAD_REQUEST")

            // The old shares no longer unseal; the new ones do.
            Self.expectError(
                try await Self.send(api, .put, "/unseal/default", ["key": old[1]]), .badRequest, "INVALID_UNSEAL_KEY")
            let new = try await Self.shares(done.json, keys: keys)
            _ = try await Self.send(api, .put, "/unseal/default", ["key": new[0]])
            let unsealed = try await Self.send(api, .put, "/unseal/default", ["key": new[1]])
            #expect(unsealed.json["sealed"] as? Bool == false)
        }
    }

    @Test func deleteCancelsTheRekey() async throws {
        try await withSecretsAPI(unsealed: false) { api in
            let keys = try await Self.keys(1)
            _ = try await Self.send(api, .put, "/init/default", ["shares": 1, "threshold": 1, "pgp_keys": keys])
            let body: [String: Any] = ["shares": 1, "threshold": 1, "pgp_keys": keys]
            let nonce = try #require(try await Self.send(api, .put, "/rekey/default", body).json["nonce"] as? String)
            let cancelled = try await Self.send(api, .delete, "/rekey/default")
            #expect(cancelled.status == .noContent)
            #expect(cancelled.body.readableBytes == 0)
            #expect(try await Self.send(api, .delete, "/rekey/default").status == .noContent)
            #expect(try await Self.send(api, .get, "/rekey/default").json["started"] as? Bool == false)
            let old = try await Self.shares(try await Self.send(api, .get, "/init/default").json, keys: keys)
            Self.expectError(
                try await Self.send(api, .put, "/rekey/default/update", ["nonce": nonce, "key": old[0]]), .badRequest,
                "BAD_REQUEST")
        }
    }
}
