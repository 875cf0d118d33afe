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
        Response(
            status: .ok, headers: [.contentType: SecretRepresentation.json.contentType],
            body: ResponseBody(byteBuffer: SecretJSONBody.make(record)))
    }

    /// 200 with `bytes` as exactly `application/octet-stream`.
    package static func octetStream(_ bytes: [UInt8]) -> Response {
        Response(
            status: .ok, headers: [.contentType: SecretRepresentation.octetStream.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
