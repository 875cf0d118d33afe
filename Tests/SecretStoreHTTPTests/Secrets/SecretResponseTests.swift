import Foundation
import Hummingbird
import HummingbirdTesting
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreWire
import Testing

@Suite("Secret responses")
struct SecretResponseTests {
    static let created = Date(timeIntervalSince1970: 1_795_601_730.123)

    static func body(of response: Response) async throws -> [UInt8] {
        let writer = CollectingWriter()
        try await response.body.write(writer)
        return await writer.bytes
    }

    @Test func aTextSecretIsJSONWithEveryField() async throws {
        let record = SecretRecord(
            kind: .text, value: Array("pa\"ss\n🔑/".utf8), author: "alice", created: Self.created,
            description: "db", labels: ["prod", "eu"])
        let response = SecretResponse.read(record, as: .json)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(try await Self.body(of: response))) as? [String: Any])
        #expect(object["value"] as? String == "pa\"ss\n🔑/")
        #expect(object["author"] as? String == "alice")
        #expect(object["created"] as? String == "2026-11-25T10:15:30.123Z")
        #expect(object["description"] as? String == "db")
        #expect(object["labels"] as? [String] == ["prod", "eu"])
    }

    @Test func anAbsentDescriptionIsEmptyAndLabelsAreAlwaysThere() async throws {
        let record = SecretRecord(kind: .text, value: [], author: "svc", created: Self.created)
        let text = String(decoding: try await Self.body(of: SecretResponse.json(record)), as: UTF8.self)
        #expect(
            text == #"{"author":"svc","created":"2026-11-25T10:15:30.123Z","description":"","labels":[],"value":""}"#)
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"), (1_795_601_730.5, "2026-11-25T10:15:30.500Z"),
        (1_795_601_730.001, "2026-11-25T10:15:30.001Z"), (1_795_601_730.999, "2026-11-25T10:15:30.999Z"),
        (-0.001, "1969-12-31T23:59:59.999Z"), (951_782_400, "2000-02-29T00:00:00.000Z"),
        (-2_203_891_200, "1900-03-01T00:00:00.000Z"), (-62_167_219_200, "0000-01-01T00:00:00.000Z"),
        (253_402_300_799.999, "9999-12-31T23:59:59.999Z"),
        (Date.distantPast.timeIntervalSince1970, "0000-12-30T00:00:00.000Z"),
        (Date.distantFuture.timeIntervalSince1970, "4001-01-01T00:00:00.000Z"), (1e15, "9999-12-31T23:59:59.999Z"),
        (-Double.infinity, "1970-01-01T00:00:00.000Z"),
    ])
    func timestampsAreRFC3339InUTCWithMilliseconds(_ seconds: Double, _ expected: String) {
        let record = SecretRecord(
            kind: .text, value: [], author: "a", created: Date(timeIntervalSince1970: seconds))
        #expect(RFC3339Timestamp.string(from: record.created) == expected)
    }

    /// From 1583 on: before the Gregorian reform Foundation switches to the Julian calendar, while
    /// RFC 3339 stays proleptic Gregorian.
    @Test func datesAgreeWithFoundationOnWholeSeconds() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seconds = Double(Int64.random(in: -12_212_553_600...253_402_300_799, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            let foundation = Date.ISO8601FormatStyle().format(date).dropLast()
            #expect(RFC3339Timestamp.string(from: date) == foundation + ".000Z", "\(seconds)")
        }
    }

    @Test(arguments: [SecretKind.text, .binary])
    func rawBytesAreExactlyOctetStream(_ kind: SecretKind) async throws {
        let value: [UInt8] = kind == .text ? Array("héllo".utf8) : [0, 0xFF, 0x80, 10]
        let record = SecretRecord(kind: kind, value: value, author: "a", created: Self.created)
        let response = SecretResponse.read(record, as: .octetStream)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType] == "application/octet-stream")
        #expect(try await Self.body(of: response) == value)
    }

    @Test func aBinarySecretIsNeverTurnedIntoJSON() async throws {
        let record = SecretRecord(kind: .binary, value: [0xFF], author: "a", created: Self.created)
        let response = SecretResponse.read(record, as: .json)
        #expect(response.headers[.contentType] == "application/octet-stream")
        #expect(try await Self.body(of: response) == [0xFF])
    }
}

/// Collects a response body.
private actor CollectingWriter: ResponseBodyWriter {
    var bytes: [UInt8] = []

    func write(_ buffer: ByteBuffer) async throws {
        bytes.append(contentsOf: buffer.readableBytesView)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

@Suite("Secret JSON bodies")
struct SecretJSONBodyTests {
    @Test("every character survives: a JSON parser reads back exactly the record's strings")
    func escapingRoundTrips() throws {
        let awkward = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "é ☃ 𝄞 \u{2028} /\\\""
        let record = SecretRecord(
            kind: .text, value: Array(awkward.utf8), author: "a\"b\\c", created: Date(timeIntervalSince1970: 1),
            description: "line\nbreak\t", labels: ["x", "\u{1}", ""])
        let body = SecretJSONBody.make(record)
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
        #expect(object["value"] as? String == awkward)
        #expect(object["author"] as? String == "a\"b\\c")
        #expect(object["description"] as? String == "line\nbreak\t")
        #expect(object["labels"] as? [String] == ["x", "\u{1}", ""])
        #expect(object["created"] as? String == "1970-01-01T00:00:01.000Z")
        #expect(String(buffer: body).hasPrefix(#"{"author":"#))
    }
}
