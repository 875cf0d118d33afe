import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import Testing

@Suite("Secret bodies")
struct SecretUploadTests {
    static let limit = 1_000

    static func put(
        _ body: [UInt8], contentType: String?, limit: Int = limit,
        metadataLimit: Int = SecretUpload.defaultMetadataLimit
    ) async throws -> TestResponse {
        var fields = HTTPFields()
        fields[.contentType] = contentType
        let headers = fields
        return try await SecretBodyTestApp.make(limit: limit, metadataLimit: metadataLimit).test(.router) { client in
            try await client.execute(uri: "/upload", method: .put, headers: headers, body: ByteBuffer(bytes: body))
        }
    }

    static func jsonBody(value: String) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: ["value": value]))
    }

    @Test(arguments: [(limit - 1, HTTPResponse.Status.ok), (limit, .ok), (limit + 1, .contentTooLarge)])
    func binaryValuesUpToTheLimit(_ size: Int, _ status: HTTPResponse.Status) async throws {
        let value = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let response = try await Self.put(value, contentType: "application/octet-stream")
        #expect(response.status == status)
        if status == .ok {
            #expect(response.json["kind"] as? String == "binary")
            #expect(response.json["size"] as? Int == size)
            #expect(response.json["checksum"] as? String == SecretBodyTestApp.checksum(value))
        } else {
            #expect(response.errorCode == "TOO_LARGE")
        }
    }

    @Test(arguments: [(limit - 1, HTTPResponse.Status.ok), (limit, .ok), (limit + 1, .contentTooLarge)])
    func textValuesUpToTheLimit(_ size: Int, _ status: HTTPResponse.Status) async throws {
        let response = try await Self.put(
            try Self.jsonBody(value: String(repeating: "v", count: size)), contentType: "application/json")
        #expect(response.status == status)
        if status == .ok {
            #expect(response.json["kind"] as? String == "text")
            #expect(response.json["size"] as? Int == size)
        } else {
            #expect(response.errorCode == "TOO_LARGE")
        }
    }

    /// Values of exactly the limit whose JSON is far bigger: quotes and newlines (2 bytes each),
    /// `\u00e9` (6 bytes for 2), and control characters as `\u0001` (6 bytes for 1, the worst case).
    @Test(arguments: [
        #"\"\n"#, #"\u00e9"#, #"\u0001"#, #"\ud83d\udd11"#,
    ])
    func escapedValuesOfExactlyTheLimitAreAccepted(_ escape: String) async throws {
        let unescaped = try JSONDecoder().decode(String.self, from: Data("\"\(escape)\"".utf8))
        let count = Self.limit / unescaped.utf8.count
        let filler = String(repeating: "x", count: Self.limit - count * unescaped.utf8.count)
        let body =
            Array(#"{"value":""#.utf8) + Array(String(repeating: escape, count: count).utf8) + Array(filler.utf8)
            + Array(#"","description":"d","labels":["l"]}"#.utf8)
        #expect(body.count > Self.limit * 2)
        let expected = Array((String(repeating: unescaped, count: count) + filler).utf8)
        let response = try await Self.put(body, contentType: nil)
        #expect(response.status == .ok)
        #expect(response.json["size"] as? Int == Self.limit)
        #expect(response.json["checksum"] as? String == SecretBodyTestApp.checksum(expected))
        #expect(response.json["description"] as? String == "d")
        #expect(response.json["labels"] as? [String] == ["l"])

        let oneMore = Array(#"{"value":"\u0001"#.utf8) + body.dropFirst(#"{"value":""#.utf8.count)
        let refused = try await Self.put(oneMore, contentType: nil)
        #expect(refused.status == .contentTooLarge)
        #expect(refused.errorCode == "TOO_LARGE")
    }

    @Test func aMebibyteBinaryValueIsAcceptedAndOneByteMoreRefused() async throws {
        let limit = 1_048_576
        var generator = SystemRandomNumberGenerator()
        let value = (0..<limit).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let accepted = try await Self.put(value, contentType: "application/octet-stream", limit: limit)
        #expect(accepted.status == .ok)
        #expect(accepted.json["size"] as? Int == limit)
        #expect(accepted.json["checksum"] as? String == SecretBodyTestApp.checksum(value))
        let refused = try await Self.put(value + [0], contentType: "application/octet-stream", limit: limit)
        #expect(refused.status == .contentTooLarge)
        #expect(refused.errorCode == "TOO_LARGE")
    }

    @Test func jsonBodiesBeyondTheirWorstCaseEscapingAreRefusedWhileReading() async throws {
        let bodyLimit = SecretUpload.jsonBodyLimit(valueLimit: 10, metadataLimit: 10)
        #expect(bodyLimit == 6 * 20 + 64 * 1024)
        // Valid JSON (whitespace is allowed), but longer than any value of 10 bytes can need.
        let body =
            Array(#"{"value":"x""#.utf8) + Array(repeating: UInt8(ascii: " "), count: bodyLimit) + [UInt8(ascii: "}")]
        let response = try await Self.put(body, contentType: nil, limit: 10, metadataLimit: 10)
        #expect(response.status == .contentTooLarge)
        #expect(SecretUpload.jsonBodyLimit(valueLimit: .max / 2, metadataLimit: 0) == .max)
    }

    @Test func descriptionAndLabelsHaveTheirOwnLimit() async throws {
        let body = Array(#"{"value":"v","description":"12345","labels":["678","90"]}"#.utf8)
        // As stored: the description's flag and length (5) and text (5), each label's length (4) and text.
        #expect(try await Self.put(body, contentType: nil, metadataLimit: 23).status == .ok)
        let response = try await Self.put(body, contentType: nil, metadataLimit: 22)
        #expect(response.status == .contentTooLarge)
        #expect(response.errorCode == "TOO_LARGE")
    }

    @Test func emptyLabelsCountTowardTheMetadataLimit() async throws {
        // 20,000 empty labels: no label bytes at all, but 80,000 bytes of length prefixes once stored.
        let labels = Array(repeating: "\"\"", count: 20_000).joined(separator: ",")
        let body = Array(("{\"value\":\"v\",\"labels\":[" + labels + "]}").utf8)
        let response = try await Self.put(body, contentType: nil)
        #expect(response.status == .contentTooLarge)
        #expect(response.errorCode == "TOO_LARGE")
    }

    @Test(arguments: [
        (String?.none, "text"), ("", "text"), ("application/json", "text"), ("application/json; charset=UTF-8", "text"),
        ("Application/JSON;charset=utf-8", "text"), (" application/json ", "text"),
        ("application/octet-stream", "binary"), ("application/octet-stream; foo=bar", "binary"),
        ("APPLICATION/OCTET-STREAM", "binary"), ("\tapplication/octet-stream \t; q=1", "binary"),
    ])
    func contentTypesChooseTheFormat(_ contentType: String?, _ kind: String) async throws {
        let response = try await Self.put(Array(#"{"value":"v"}"#.utf8), contentType: contentType)
        #expect(response.status == .ok)
        #expect(response.json["kind"] as? String == kind)
        #expect(response.json["size"] as? Int == (kind == "text" ? 1 : 13))
    }

    @Test(arguments: [
        "text/plain", "application/xml", "multipart/form-data; boundary=x", "application/jsonx", "json",
        "application/ json",
    ])
    func otherContentTypesAre415(_ contentType: String) async throws {
        let response = try await Self.put(Array(#"{"value":"v"}"#.utf8), contentType: contentType)
        #expect(response.status == .unsupportedMediaType)
        #expect(response.errorCode == "UNSUPPORTED_MEDIA_TYPE")
        #expect(response.headers[.contentType] == "application/json")
    }

    @Test(arguments: [
        #"{"value": "SECRET-hunter2""#, #"{"value": 5, "x": "SECRET-hunter2"}"#, #"{"description": "SECRET-hunter2"}"#,
        #"{"value": null}"#, #"{"value": "SECRET-hunter2", "labels": "SECRET"}"#,
        #"{"value": "SECRET-hunter2", "labels": [1]}"#, #"{"value": "SECRET-hunter2", "description": 1}"#,
        #"["SECRET-hunter2"]"#, #""SECRET-hunter2""#, "", "SECRET-hunter2",
    ])
    func malformedJSONIs400WithoutEcho(_ body: String) async throws {
        let response = try await Self.put(Array(body.utf8), contentType: "application/json")
        #expect(response.status == .badRequest)
        #expect(response.errorCode == "BAD_REQUEST")
        #expect(!String(buffer: response.body).contains("SECRET"))
        #expect(!String(buffer: response.body).contains("hunter2"))
    }

    @Test func invalidUTF8Is400() async throws {
        let body = Array(#"{"value":"SECRET"#.utf8) + [0xFF, 0xFE] + Array(#""}"#.utf8)
        let response = try await Self.put(body, contentType: nil)
        #expect(response.status == .badRequest)
        #expect(!String(buffer: response.body).contains("SECRET"))
    }

    @Test func unknownFieldsAreIgnoredAndNullsAreAbsent() async throws {
        let body =
            #"{"value":"v","path":"/a/b","store_id":"default","extra":{"x":[1]},"description":null,"labels":null}"#
        let response = try await Self.put(Array(body.utf8), contentType: nil)
        #expect(response.status == .ok)
        #expect(response.json["description"] == nil)
        #expect(response.json["labels"] == nil)
    }

    @Test func uploadsNeverPrintTheirValue() {
        let upload = SecretUpload(kind: .text, value: Array("TOPSECRET".utf8), description: "d", labels: ["l"])
        var dumped = ""
        dump(upload, to: &dumped)
        for text in ["\(upload)", String(reflecting: upload), dumped] {
            #expect(!text.contains("TOPSECRET"))
            #expect(text.contains("redacted"))
        }
    }
}
