import Foundation

/// A request or response body and its media type, as the secrets API exchanges them: JSON, or the
/// raw bytes of a binary secret as `application/octet-stream`.
struct Payload {
    /// The media type of JSON bodies.
    static let jsonType = "application/json"
    /// The media type of a binary secret's bytes.
    static let octetStreamType = "application/octet-stream"

    /// The body's bytes.
    var bytes: Data
    /// The `Content-Type`, if the other side named one.
    var contentType: String?

    /// A body of `bytes` with the media type `contentType`.
    init(bytes: Data, contentType: String?) {
        self.bytes = bytes
        self.contentType = contentType
    }

    /// `value` encoded as a JSON body.
    static func json(_ value: any Encodable) throws -> Payload {
        do {
            return Payload(bytes: try JSONEncoder().encode(value), contentType: jsonType)
        } catch {
            throw CLIError("cannot encode the request as JSON")
        }
    }

    /// Raw bytes sent as `application/octet-stream`.
    static func octetStream(_ bytes: Data) -> Payload {
        Payload(bytes: bytes, contentType: octetStreamType)
    }

    /// The media type without parameters, lower-cased: `application/json; charset=utf-8` is JSON.
    var mediaType: String? {
        contentType.map {
            String($0.prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces).lowercased()
        }
    }

    /// Whether the body is a binary secret's raw bytes.
    var isOctetStream: Bool { mediaType == Self.octetStreamType }
}
