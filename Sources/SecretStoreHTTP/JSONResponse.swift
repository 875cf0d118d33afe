import Foundation
import Hummingbird

/// JSON responses with `Content-Type` exactly `application/json` (clients compare the string).
enum JSONResponse {
    /// Encodes `value` as the body of a response with `status`.
    static func make(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        make(status, json: ByteBuffer(bytes: encode(value)))
    }

    /// A response with `status` whose body is `json`, already written.
    static func make(_ status: HTTPResponse.Status, json: ByteBuffer) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: json))
    }

    /// `value` as JSON, keys sorted.
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own response types cannot fail; fall back to an empty object rather than trap.
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// A response whose body is the empty object `{}`, without running an encoder: what every
    /// secret create answers (`JSONEncoder` was about 1% of a PUT's CPU time for these two bytes).
    static func emptyObject(_ status: HTTPResponse.Status) -> Response {
        make(status, json: ByteBuffer(string: "{}"))
    }

    /// A response with no body.
    static func empty(_ status: HTTPResponse.Status) -> Response { Response(status: status) }
}
