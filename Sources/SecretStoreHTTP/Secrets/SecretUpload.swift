import Foundation
import Hummingbird
import SecretStoreCore

/// The body of a secret's PUT or PATCH: a text value from JSON, or raw bytes from
/// `application/octet-stream`, with the optional metadata of the JSON form.
///
/// `description` is the secret's own field, so the type is not CustomStringConvertible: `print`
/// and interpolation fall back to `debugDescription`, and `dump` to the mirror, which leave the
/// value out.
package struct SecretUpload: Sendable, Equatable, CustomDebugStringConvertible, CustomReflectable {
    /// Text (from JSON) or binary (from `application/octet-stream`).
    package var kind: SecretKind
    /// Raw bytes, or the UTF-8 bytes of the JSON string.
    package var value: [UInt8]
    /// The JSON body's `description`, if given.
    package var description: String?
    /// The JSON body's `labels`, if given.
    package var labels: [String]?

    /// Creates an upload.
    package init(kind: SecretKind, value: [UInt8], description: String? = nil, labels: [String]? = nil) {
        self.kind = kind
        self.value = value
        self.description = description
        self.labels = labels
    }

    /// The default bound on `description` and all `labels` together, as
    /// `SecretRecord.encodedMetadataSize` counts them.
    package static let defaultMetadataLimit = SecretVault.defaultMaximumMetadataSize

    /// Reads the body of `request`.
    ///
    /// - No Content-Type (or a blank one), or `application/json` with any parameters in any case:
    ///   a JSON object `{"value": string, "description"?: string, "labels"?: [string]}`; unknown
    ///   fields are ignored; anything else is 400 `BAD_REQUEST` (the body is never echoed).
    /// - `application/octet-stream` with any parameters: the raw bytes, a binary secret.
    /// - Any other Content-Type: 415 `UNSUPPORTED_MEDIA_TYPE`.
    ///
    /// `limit` bounds the decoded value: the raw bytes, or the UTF-8 bytes of the JSON string;
    /// exactly `limit` is accepted, one byte more is 413 `TOO_LARGE`. It is enforced while the body
    /// is read, never after buffering an unbounded body: a raw body is collected up to `limit`
    /// bytes, a JSON body up to `jsonBodyLimit(valueLimit:metadataLimit:)` (room for the worst
    /// escaping), and the decoded value checked after. `metadataLimit` bounds the description and
    /// labels the same way (413 past it).
    package static func read(from request: Request, limit: Int, metadataLimit: Int = defaultMetadataLimit)
        async throws -> SecretUpload
    {
        precondition(limit >= 0 && metadataLimit >= 0, "size limits cannot be negative")
        switch try Format(contentType: request.headers[.contentType]) {
        case .octetStream:
            // Throws NIOTooManyBytesError (413) once more than `limit` bytes arrive; exactly
            // `limit` passes (NIO's check is `bytesRead <= maxBytes`).
            let buffer = try await request.body.collect(upTo: limit)
            return SecretUpload(kind: .binary, value: Array(buffer.readableBytesView))
        case .json:
            let bodyLimit = jsonBodyLimit(valueLimit: limit, metadataLimit: metadataLimit)
            let buffer = try await request.body.collect(upTo: bodyLimit)
            return try decodeJSON(buffer, limit: limit, metadataLimit: metadataLimit)
        }
    }

    /// The most bytes the body of `request` may have: the value limit for raw bytes, the JSON limit
    /// (see `jsonBodyLimit`) for JSON; 415 `UNSUPPORTED_MEDIA_TYPE` for any other type.
    package static func bodyLimit(of request: Request, limit: Int, metadataLimit: Int = defaultMetadataLimit)
        throws -> Int
    {
        switch try Format(contentType: request.headers[.contentType]) {
        case .octetStream: return limit
        case .json: return jsonBodyLimit(valueLimit: limit, metadataLimit: metadataLimit)
        }
    }

    /// The most bytes a JSON body may have: every value and metadata byte escaped in the longest
    /// form JSON allows (`\u0001` is 6 bytes for 1; `\u00e9` 6 for 2; `\u4e2d` 6 for 3; a surrogate
    /// pair 12 for 4), plus 64 KiB for the braces, keys, whitespace and ignored fields.
    package static func jsonBodyLimit(valueLimit: Int, metadataLimit: Int) -> Int {
        let sum = valueLimit.addingReportingOverflow(metadataLimit)
        let escaped = sum.partialValue.multipliedReportingOverflow(by: 6)
        let total = escaped.partialValue.addingReportingOverflow(64 * 1024)
        return sum.overflow || escaped.overflow || total.overflow ? Int.max : total.partialValue
    }

    package var debugDescription: String {
        "SecretUpload(kind: \(kind), value: <redacted>, labels: \(labels?.count ?? 0))"
    }

    package var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "kind": kind, "value": "<redacted>", "description": description as Any, "labels": labels as Any,
            ],
            displayStyle: .struct)
    }

    /// The body formats a secret can be sent in.
    private enum Format {
        case json, octetStream

        init(contentType: String?) throws(SecretError) {
            let mediaType = MediaTypeMatch.mediaType(contentType ?? "")
            switch mediaType {
            // A blank header is treated as no header: clients that send one mean "the default".
            case "", "application/json": self = .json
            case "application/octet-stream": self = .octetStream
            default:
                // The header is not echoed: it is client input of any length.
                throw SecretError(
                    .unsupportedMediaType, "a secret body must be application/json or application/octet-stream")
            }
        }
    }
}
