import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreTesting
import Testing

/// The size limit on a secret's decoded value (contract §2): exactly the limit is stored and read
/// back byte-identical, one byte more is 413 `TOO_LARGE`.
@Suite("Secret sizes")
struct SecretSizeTests {
    static let limit = 64

    /// A body of a PUT or PATCH and the value it should store.
    struct Upload: Sendable, CustomTestStringConvertible {
        var name: String
        var body: [UInt8]
        var contentType: String
        var value: [UInt8]

        var testDescription: String { "\(name) (\(value.count) bytes)" }

        /// A JSON text value; `value` needs no escaping (no quote, backslash or control character).
        static func text(_ value: String) -> Upload {
            let body = #"{"value":""# + value + #""}"#
            return Upload(
                name: "text", body: Array(body.utf8), contentType: "application/json", value: Array(value.utf8))
        }

        static func binary(_ count: Int) -> Upload {
            let value = TestValues.binary(count: count)
            return Upload(name: "binary", body: value, contentType: "application/octet-stream", value: value)
        }

        /// A JSON value whose every character is escaped as `\u00e9` (2 bytes of value, 6 of body).
        static func escaped(_ characters: Int, plus ascii: String = "") -> Upload {
            let body = #"{"value":""# + String(repeating: #"\u00e9"#, count: characters) + ascii + #""}"#
            let value = String(repeating: "é", count: characters) + ascii
            return Upload(
                name: "escaped", body: Array(body.utf8), contentType: "application/json", value: Array(value.utf8))
        }
    }

    static let accepted: [Upload] = [
        .text(String(repeating: "a", count: limit - 1)), .text(String(repeating: "a", count: limit)),
        .binary(limit - 1), .binary(limit), .binary(0), .text(""),
        // 32 two-byte characters: exactly the limit, in a body far longer than the limit.
        .escaped(limit / 2),
        // 16 four-byte characters.
        .text(String(repeating: "😀", count: limit / 4)),
    ]

    @Test(arguments: accepted)
    func valuesUpToTheLimitAreStoredByteIdentical(upload: Upload) async throws {
        try await withSecretsAPI(maximumValueSize: Self.limit) { api in
            let put = try await api.send(
                .put, SecretsAPIClient.uri("k"), body: upload.body, contentType: upload.contentType)
            #expect(put.status == .created)
            #expect(try await api.rawValue("k") == upload.value)
            // PATCH has the same limit.
            try await api.write("p", text: "before")
            let patch = try await api.send(
                .patch, SecretsAPIClient.uri("p"), body: upload.body, contentType: upload.contentType)
            #expect(patch.status == .noContent)
            #expect(try await api.rawValue("p") == upload.value)
        }
    }

    static let refused: [Upload] = [
        .text(String(repeating: "a", count: limit + 1)), .binary(limit + 1), .binary(limit * 100),
        .escaped(limit / 2, plus: "a"),
        // Fewer characters than the limit, one byte more than it in UTF-8.
        .text(String(repeating: "a", count: limit - 2) + "é" + "a"),
    ]

    @Test(arguments: refused)
    func oneByteMoreIs413(upload: Upload) async throws {
        try await withSecretsAPI(maximumValueSize: Self.limit) { api in
            let put = try await api.send(
                .put, SecretsAPIClient.uri("k"), body: upload.body, contentType: upload.contentType)
            #expect(put.status == .contentTooLarge)
            #expect(put.errorCode == "TOO_LARGE")
            #expect(put.headers[.contentType] == "application/json")
            #expect(try await api.send(.get, SecretsAPIClient.uri("k")).status == .notFound)

            try await api.write("p", text: "before")
            let patch = try await api.send(
                .patch, SecretsAPIClient.uri("p"), body: upload.body, contentType: upload.contentType)
            #expect(patch.status == .contentTooLarge)
            #expect(patch.errorCode == "TOO_LARGE")
            #expect(try await api.rawValue("p") == Array("before".utf8))
        }
    }

    @Test func aMebibyteBinarySecretRoundTripsAndOneByteMoreIs413() async throws {
        #expect(SecretVault.defaultMaximumValueSize == 1_048_576)
        try await withSecretsAPI { api in
            let value = TestValues.binary(count: 1_048_576, seed: 7)
            #expect(try await api.write("big", bytes: value).status == .created)
            let read = try await api.send(.get, SecretsAPIClient.uri("big"))
            #expect(read.status == .ok)
            #expect(read.headers[.contentType] == "application/octet-stream")
            #expect(read.body.readableBytes == 1_048_576)
            // Compared outside #expect: on failure it would print and diff a mebibyte.
            let identical = read.bytes == value
            #expect(identical, "the value read back differs")

            let over = try await api.write("bigger", bytes: TestValues.binary(count: 1_048_577, seed: 8))
            #expect(over.status == .contentTooLarge)
            #expect(over.errorCode == "TOO_LARGE")
            #expect(try await api.send(.get, SecretsAPIClient.uri("bigger")).status == .notFound)
            #expect(
                try await api.write(.patch, "big", bytes: TestValues.binary(count: 1_048_577)).status
                    == .contentTooLarge)
            let kept = try await api.rawValue("big") == value
            #expect(kept, "the refused PATCH changed the value")
        }
    }

    @Test func aMebibyteTextSecretRoundTripsAndOneByteMoreIs413() async throws {
        try await withSecretsAPI { api in
            let value = String(repeating: "0123456789abcdef", count: 65_536)
            #expect(try await api.write("big", text: value).status == .created)
            let read = try await api.send(.get, SecretsAPIClient.uri("big"))
            #expect(read.status == .ok)
            let identical = read.json["value"] as? String == value
            #expect(identical, "the value read back differs")
            let over = try await api.write("bigger", text: value + "x")
            #expect(over.status == .contentTooLarge)
            #expect(over.errorCode == "TOO_LARGE")
        }
    }
}
