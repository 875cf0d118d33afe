import Foundation

/// One HTTP/1.1 response cut out of the bytes a `RawTCPConnection` received: for counting how many
/// answers a connection got and reading each one.
public struct RawHTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header values by lower-cased name (the last one wins).
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// The body parsed as a JSON object (empty if it is not one).
    public var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    /// Every response in `bytes`, in order. A response without `Content-Length` runs to the end of
    /// the bytes; a response cut short ends the list.
    public static func parseAll(_ bytes: [UInt8]) -> [RawHTTPResponse] {
        var responses: [RawHTTPResponse] = []
        var rest = bytes[...]
        while !rest.isEmpty, let (response, used) = parseOne(rest) {
            responses.append(response)
            rest = rest.dropFirst(used)
        }
        return responses
    }

    /// Whether `bytes` hold at least one whole response (a head and as many body bytes as its
    /// `Content-Length` says).
    public static func isComplete(_ bytes: [UInt8]) -> Bool {
        guard let (response, _) = parseOne(bytes[...]) else { return false }
        return response.headers["content-length"] != nil
    }

    private static func parseOne(_ bytes: ArraySlice<UInt8>) -> (RawHTTPResponse, Int)? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = bytes.firstRange(of: separator) else { return nil }
        let head = String(decoding: bytes[bytes.startIndex..<headEnd.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
            return nil
        }
        var headers: [String: String] = [:]
        for line in lines {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        let bodyStart = headEnd.upperBound
        let available = bytes.endIndex - bodyStart
        let length = headers["content-length"].flatMap(Int.init) ?? available
        guard length <= available else { return nil }
        let body = Array(bytes[bodyStart..<bodyStart + length])
        return (RawHTTPResponse(status: status, headers: headers, body: body), bodyStart + length - bytes.startIndex)
    }
}
