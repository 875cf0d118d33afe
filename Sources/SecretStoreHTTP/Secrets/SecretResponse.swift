import Foundation
import Hummingbird
import SecretStoreCore

/// The answers of a secret's GET, in the negotiated representation.
package enum SecretResponse {
    /// 200 with `record` as `representation`. Negotiation has already refused JSON for a binary
    /// secret; should it be asked anyway, the raw bytes are answered.
    package static func read(_ record: SecretRecord, as representation: SecretRepresentation) -> Response {
        switch (representation, record.kind) {
        case (.json, .text): json(record)
        case (.json, .binary), (.octetStream, _): octetStream(record.value)
        }
    }

    /// 200 with a text secret as exactly `application/json`: `{"author", "created", "description",
    /// "labels", "value"}`. Every field is always present: an absent description is `""` and
    /// absent labels are `[]`, which every DC/OS client accepts. `created` is RFC 3339 in UTC with
    /// milliseconds (`2026-11-24T10:15:30.123Z`).
    package static func json(_ record: SecretRecord) -> Response {
        JSONResponse.make(.ok, Body(record))
    }

    /// 200 with `bytes` as exactly `application/octet-stream`.
    package static func octetStream(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: SecretRepresentation.octetStream.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `date` as RFC 3339 in UTC, always with three fractional digits, e.g.
    /// `2026-11-24T10:15:30.123Z`. Years outside 0000...9999 are clamped into them, as RFC 3339
    /// has no room for others.
    package static func rfc3339(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        let earliest = Date(timeIntervalSince1970: -62_167_219_200)  // 0000-01-01T00:00:00Z
        let latest = Date(timeIntervalSince1970: 253_402_300_799.999)  // 9999-12-31T23:59:59.999Z
        return style.format(min(max(date, earliest), latest))
    }

    private struct Body: Encodable {
        var value: String
        var author: String
        var created: String
        var description: String
        var labels: [String]

        init(_ record: SecretRecord) {
            // Stored text values are valid UTF-8 (decoding checks it); replacement is only a fallback.
            value = String(decoding: record.value, as: UTF8.self)
            author = record.author
            created = SecretResponse.rfc3339(record.created)
            description = record.description ?? ""
            labels = record.labels
        }
    }
}
