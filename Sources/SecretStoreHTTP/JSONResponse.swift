import Foundation
import Hummingbird

/// JSON responses with `Content-Type` exactly `application/json` (clients compare the string).
enum JSONResponse {
    /// Encodes `value` as the body of a response with `status`.
    static func make(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own response types cannot fail; fall back to an empty object rather than trap.
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A response with no body.
    static func empty(_ status: HTTPResponse.Status) -> Response { Response(status: status) }
}
