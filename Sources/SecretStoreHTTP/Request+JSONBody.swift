import Foundation
import Hummingbird

extension Request {
    /// Decodes a JSON body of at most `limit` bytes, `context.maxUploadSize` by default (413 beyond,
    /// checked while reading). A missing Content-Type counts as JSON, as does `application/json` with parameters;
    /// any other type is 415. Malformed JSON or a missing field is 400. Unknown fields are ignored.
    func decodeJSON<T: Decodable>(as type: T.Type, context: some RequestContext, limit: Int? = nil) async throws -> T {
        if let contentType = headers[.contentType], !MediaTypeMatch.isJSON(contentType) {
            throw RequestError(.unsupportedMediaType, "the body must be application/json, not \(contentType)")
        }
        let buffer = try await body.collect(upTo: limit ?? context.maxUploadSize)
        return try Self.decodeJSON(as: type, from: Data(buffer: buffer))
    }

    /// Decodes a JSON body already read: malformed JSON or a missing field is 400.
    static func decodeJSON<T: Decodable>(as type: T.Type, from data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw RequestError(.malformed, "invalid JSON body: \(error.summary)")
        } catch {
            throw RequestError(.malformed, "invalid JSON body")
        }
    }
}

/// Content-Type checks.
enum MediaTypeMatch {
    /// Whether a Content-Type header names JSON (`application/json`, any parameters, any case).
    static func isJSON(_ contentType: String) -> Bool {
        mediaType(contentType) == "application/json"
    }

    /// The media type of a header value, without parameters and the blanks around it (RFC 9110's
    /// spaces and tabs), lower-cased.
    ///
    /// On bytes: Foundation's `trimmingCharacters` walks the header as UTF-16, a cost on every write.
    static func mediaType(_ value: String) -> String {
        let utf8 = value.utf8
        var start = utf8.startIndex
        var end = utf8.firstIndex(of: UInt8(ascii: ";")) ?? utf8.endIndex
        while start < end, isBlank(utf8[start]) { start = utf8.index(after: start) }
        while start < end, isBlank(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        let type = Substring(utf8[start..<end])
        // Clients send it lower-case: lower-casing copies only when there is something to change.
        return type.utf8.contains(where: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) })
            ? type.lowercased() : String(type)
    }

    private static func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
}

extension DecodingError {
    /// Which field was wrong, without echoing the body (it may hold a password).
    var summary: String {
        switch self {
        case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type for '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not valid JSON" : "invalid '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        @unknown default: return "not valid JSON"
        }
    }
}
