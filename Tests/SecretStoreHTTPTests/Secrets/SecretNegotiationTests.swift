import Hummingbird
import HummingbirdTesting
import Testing

/// The formats of secrets: which `Accept` gets what (contract §2) and which `Content-Type` makes
/// what (contract §1), with the exact response `Content-Type` strings clients compare.
@Suite("Secret formats")
struct SecretNegotiationTests {
    /// What a GET should answer.
    enum Answer: Sendable {
        /// 200 `application/json` with the text value.
        case json
        /// 200 `application/octet-stream` with the stored bytes (a text value's UTF-8 bytes).
        case raw
        /// 406 `NOT_ACCEPTABLE`.
        case notAcceptable
    }

    static let text = "pässwörd ✓"
    static let binary: [UInt8] = [0xFF, 0x00, 0xC3, 0x28, 0x7B, 0x22, 0x0A, 0x80]

    static let textCases: [(String?, Answer)] = [
        (nil, .json), ("*/*", .json), ("text/html, */*;q=0.8", .json), ("text/html,*/*", .json),
        ("application/json", .json), ("application/json; charset=utf-8", .json), ("application/*", .json),
        ("application/json, application/octet-stream", .json), ("application/octet-stream, application/json", .json),
        ("application/octet-stream", .raw), ("text/html, application/octet-stream", .raw),
        ("text/html", .notAcceptable), ("text/plain", .notAcceptable),
    ]

    @Test(arguments: textCases)
    func aTextSecretIsReadAs(accept: String?, answer: Answer) async throws {
        try await withSecretsAPI { api in
            try await api.write("text", text: Self.text)
            let response = try await api.send(.get, SecretsAPIClient.uri("text"), accept: accept)
            try Self.check(response, answer, rawValue: Array(Self.text.utf8))
            if case .json = answer { #expect(response.json["value"] as? String == Self.text) }
        }
    }

    static let binaryCases: [(String?, Answer)] = [
        (nil, .raw), ("*/*", .raw), ("application/json, */*", .raw), ("text/html, */*;q=0.1", .raw),
        ("application/*", .raw), ("application/octet-stream", .raw),
        ("application/json, application/octet-stream", .raw),
        ("application/json", .notAcceptable), ("application/json; charset=utf-8", .notAcceptable),
        ("text/html", .notAcceptable),
    ]

    @Test(arguments: binaryCases)
    func aBinarySecretIsReadAs(accept: String?, answer: Answer) async throws {
        try await withSecretsAPI { api in
            try await api.write("binary", bytes: Self.binary)
            let response = try await api.send(.get, SecretsAPIClient.uri("binary"), accept: accept)
            try Self.check(response, answer, rawValue: Self.binary)
        }
    }

    static func check(_ response: TestResponse, _ answer: Answer, rawValue: [UInt8]) throws {
        switch answer {
        case .json:
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
        case .raw:
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/octet-stream")
            #expect(response.bytes == rawValue)
        case .notAcceptable:
            #expect(response.status == .notAcceptable)
            #expect(response.errorCode == "NOT_ACCEPTABLE")
            #expect(response.headers[.contentType] == "application/json")
        }
    }

    static let jsonContentTypes: [String?] = [
        nil, "application/json", "application/json; charset=UTF-8", "Application/JSON;charset=utf-8",
    ]

    @Test(arguments: jsonContentTypes)
    func aBodyWithoutOrWithAJSONContentTypeIsJSON(contentType: String?) async throws {
        try await withSecretsAPI { api in
            let body = Array(#"{"value":"from json","description":"d"}"#.utf8)
            let created = try await api.send(
                .put, SecretsAPIClient.uri("k"), body: body, contentType: contentType)
            #expect(created.status == .created)
            let read = try await api.send(.get, SecretsAPIClient.uri("k"))
            #expect(read.headers[.contentType] == "application/json")
            #expect(read.json["value"] as? String == "from json")
            #expect(read.json["description"] as? String == "d")
            let patched = try await api.send(
                .patch, SecretsAPIClient.uri("k"), body: Array(#"{"value":"patched"}"#.utf8), contentType: contentType)
            #expect(patched.status == .noContent)
            #expect(try await api.rawValue("k") == Array("patched".utf8))
        }
    }

    @Test func anOctetStreamBodyIsStoredAsItsBytes() async throws {
        try await withSecretsAPI { api in
            // Even a body that looks like JSON is a binary value when sent as octet-stream.
            let body = Array(#"{"value":"not text"}"#.utf8)
            let created = try await api.send(
                .put, SecretsAPIClient.uri("k"), body: body, contentType: "application/octet-stream")
            #expect(created.status == .created)
            let read = try await api.send(.get, SecretsAPIClient.uri("k"))
            #expect(read.headers[.contentType] == "application/octet-stream")
            #expect(read.bytes == body)
            #expect(
                try await api.send(.get, SecretsAPIClient.uri("k"), accept: "application/json").status == .notAcceptable
            )
            // An empty binary value is a value too.
            #expect(try await api.write("empty", bytes: []).status == .created)
            let empty = try await api.send(.get, SecretsAPIClient.uri("empty"))
            #expect(empty.status == .ok)
            #expect(empty.headers[.contentType] == "application/octet-stream")
            #expect(empty.body.readableBytes == 0)
        }
    }

    @Test(arguments: ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
    func otherContentTypesAre415(contentType: String) async throws {
        try await withSecretsAPI { api in
            let body = Array(#"{"value":"x"}"#.utf8)
            let put = try await api.send(.put, SecretsAPIClient.uri("k"), body: body, contentType: contentType)
            #expect(put.status == .unsupportedMediaType)
            #expect(put.errorCode == "UNSUPPORTED_MEDIA_TYPE")
            #expect(put.headers[.contentType] == "application/json")
            #expect(try await api.send(.get, SecretsAPIClient.uri("k")).status == .notFound)

            try await api.write("k", text: "kept")
            let patch = try await api.send(.patch, SecretsAPIClient.uri("k"), body: body, contentType: contentType)
            #expect(patch.status == .unsupportedMediaType)
            #expect(patch.errorCode == "UNSUPPORTED_MEDIA_TYPE")
            #expect(try await api.rawValue("k") == Array("kept".utf8))
        }
    }

    @Test(arguments: [
        "", "not json", "[]", #"{"value": 42}"#, #"{"description":"no value"}"#, #"{"value":"x","labels":"no"}"#,
        #"{"value":"x""#,
    ])
    func malformedJSONBodiesAre400(body: String) async throws {
        try await withSecretsAPI { api in
            let put = try await api.send(
                .put, SecretsAPIClient.uri("k"), body: Array(body.utf8), contentType: "application/json")
            #expect(put.status == .badRequest)
            #expect(put.errorCode == "BAD_REQUEST")
            #expect(try await api.send(.get, SecretsAPIClient.uri("k")).status == .notFound)
        }
    }

    @Test func patchSwitchesBetweenTextAndBinary() async throws {
        try await withSecretsAPI { api in
            try await api.write("k", text: "text one", extra: ["description": "d", "labels": ["l"]])
            #expect(try await api.write(.patch, "k", bytes: Self.binary).status == .noContent)
            let binary = try await api.send(.get, SecretsAPIClient.uri("k"))
            #expect(binary.headers[.contentType] == "application/octet-stream")
            #expect(binary.bytes == Self.binary)
            #expect(
                try await api.send(.get, SecretsAPIClient.uri("k"), accept: "application/json").status == .notAcceptable
            )

            #expect(try await api.write(.patch, "k", text: "text two").status == .noContent)
            let text = try await api.send(.get, SecretsAPIClient.uri("k"))
            #expect(text.headers[.contentType] == "application/json")
            #expect(text.json["value"] as? String == "text two")
            #expect(text.json["author"] as? String == "root")
        }
    }
}
