import Foundation
import SecretStoreCore
import Testing

@Suite("Audit lines")
struct AuditLineTests {
    @Test(arguments: [
        (0, "1970-01-01T00:00:00.000Z"),
        (951_782_400_123, "2000-02-29T00:00:00.123Z"),
        (1_796_299_256_007, "2026-12-03T12:00:56.007Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (4_102_444_799_999, "2099-12-31T23:59:59.999Z"),
    ])
    func timestampsAreRFC3339InUTCWithMilliseconds(milliseconds: Int64, expected: String) {
        #expect(AuditTimestamp(millisecondsSince1970: milliseconds).description == expected)
    }

    @Test func timestampsAgreeWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var milliseconds: Int64 = 0
        for _ in 0..<2_000 {
            milliseconds = (milliseconds &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407) & 0xFF_FFFF_FFFF
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            #expect(AuditTimestamp(millisecondsSince1970: milliseconds).description == formatter.string(from: date))
        }
    }

    @Test func aLineIsOneJSONObjectWithTheContractsFieldsInOrder() throws {
        let line = AuditLine(
            time: AuditTimestamp(millisecondsSince1970: 0), requestID: "r1", uid: nil, sourceIP: "127.0.0.1",
            sourcePort: 4242, method: "GET", requestURI: "/x?\"q\"\n\u{1}", object: nil, action: nil, status: 401,
            reason: "UNAUTHENTICATED", durationMilliseconds: 1.23456)
        let bytes = line.jsonLine
        #expect(bytes.last == UInt8(ascii: "\n"))
        #expect(bytes.dropLast().contains(UInt8(ascii: "\n")) == false)
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = [
            "time", "type", "authorizer", "request_id", "uid", "srcip", "srcport", "method", "request_uri",
            "object", "action", "result", "reason", "status", "duration_ms",
        ]
        let positions = keys.map { text.range(of: "\"\($0)\":")?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["type"] as? String == "audit")
        #expect(object["uid"] is NSNull && object["object"] is NSNull && object["action"] is NSNull)
        #expect(object["request_uri"] as? String == "/x?\"q\"\n\u{1}")
        #expect(object["result"] as? String == "deny")
        #expect(object["srcport"] as? Int == 4242)
        #expect(object["duration_ms"] as? Double == 1.235)
    }

    @Test(arguments: [
        (0.0, "0.000"), (0.0004, "0.000"), (0.0005, "0.001"), (1.23456, "1.235"), (999.9996, "1000.000"),
        (-3, "0.000"), (86_400_000.25, "86400000.250"),
    ])
    func durationsHaveThreeDecimals(milliseconds: Double, expected: String) {
        let line = AuditLine(
            time: .now, requestID: "r", uid: nil, sourceIP: nil, sourcePort: nil, method: "GET", requestURI: "/",
            object: nil, action: nil, status: 200, reason: "ok", durationMilliseconds: milliseconds)
        let text = String(decoding: line.jsonLine, as: UTF8.self)
        #expect(text.contains("\"duration_ms\":\(expected)}"), "\(text)")
    }

    /// Strings are escaped eight bytes at a time (`JSONStringLiteral`): every ASCII character, and a
    /// quote next to a multi-byte character, at every place in and after the eight-byte words,
    /// round-trips.
    @Test func everyCharacterAtEveryPlaceRoundTrips() throws {
        var texts: [String] = []
        for place in 0..<20 {
            let before = String(repeating: "a", count: place)
            let after = String(repeating: "b", count: 19 - place)
            for byte in UInt8(0)..<0x80 { texts.append(before + String(UnicodeScalar(byte)) + after) }
            texts.append(before + "é\"" + after)
            texts.append(before + "\u{7F}\u{80}\\" + after)
        }
        for text in texts {
            let line = AuditLine(
                time: .now, requestID: "r", uid: nil, sourceIP: nil, sourcePort: nil, method: "GET", requestURI: text,
                object: nil, action: nil, status: 200, reason: "ok", durationMilliseconds: 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.jsonLine)) as? [String: Any])
            #expect(object["request_uri"] as? String == text, "\(Array(text.utf8))")
        }
    }

    @Test func everyControlCharacterQuoteAndBackslashIsEscaped() throws {
        let nasty = String(decoding: (0..<0x20).map { UInt8($0) } + Array("\"\\é/".utf8), as: UTF8.self)
        let line = AuditLine(
            time: .now, requestID: nasty, uid: nasty, sourceIP: nil, sourcePort: 0, method: "GET", requestURI: nasty,
            object: nasty, action: nil, status: 500, reason: nasty, durationMilliseconds: 0)
        let bytes = line.jsonLine
        #expect(bytes.dropLast().allSatisfy { $0 >= 0x20 })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        for key in ["request_id", "uid", "request_uri", "object", "reason"] {
            #expect(object[key] as? String == nasty, "\(key)")
        }
        #expect(object["srcport"] as? Int == 0)
        #expect(object["status"] as? Int == 500)
    }

    @Test(arguments: [(200, "allow"), (404, "allow"), (503, "allow"), (401, "deny"), (403, "deny")])
    func resultIsDenyExactlyFor401And403(status: Int, result: String) {
        let line = AuditLine(
            time: .now, requestID: "r", uid: "u", sourceIP: nil, sourcePort: nil, method: "GET", requestURI: "/",
            object: nil, action: nil, status: status, reason: "ok", durationMilliseconds: 0)
        #expect(line.result.rawValue == result)
    }

    @Test func resolveLinesCarryTheirFacts() throws {
        var line = AuditLine(
            time: .now, requestID: "r", uid: "u", sourceIP: nil, sourcePort: nil, method: "POST",
            requestURI: "/secrets/v1/resolve/default", object: nil, action: nil, status: 200, reason: "ok",
            durationMilliseconds: 0)
        line.resolve = ResolveAuditFacts(
            space: "s", paths: ["a", "b"], offending: [], validate: false, decision: .delivered)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.jsonLine)) as? [String: Any])
        #expect(object["paths"] as? [String] == ["a", "b"])
        #expect(object["decision"] as? String == "delivered")
        #expect(object["validate"] as? Bool == false)
    }
}
