import Foundation
import Hummingbird
import HummingbirdCore
import SecretStoreCore

/// A request's URI as its audit line shows it: secret paths hidden, and only the query parameters
/// the API defines kept (a client may put anything in a query, a token included).
enum AuditRequestURI {
    /// The query parameters kept.
    static let keptParameters: Set<String> = ["list", "validate"]

    /// `uri` with the secret path of a secrets route, the path of a secrets rid in an ACL route, and
    /// everything after the second segment of a request for no route (it may be a mistyped secret
    /// path) hidden by `hasher`.
    static func hiding(_ uri: URI, route: String?, hasher: AuditPathHasher) -> String {
        let path = uri.path
        // Which part is hidden depends on the path and on whether a route took it: remembered apart.
        let routed = route != nil && route != "NotFound"
        var text = hasher.remembering(routed ? path : "\u{0}" + path) { _ in
            hidingPath(path, routed: routed, hasher: hasher)
        }
        guard uri.query?.isEmpty == false else { return text }
        let kept = uri.queryParameters.filter { keptParameters.contains(String($0.key)) }
        if !kept.isEmpty {
            text += "?" + kept.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        }
        return text
    }

    private static func hidingPath(_ path: String, routed: Bool, hasher: AuditPathHasher) -> String {
        if !routed {
            if let (kept, rest) = split(path, afterSlashes: 3) { return kept + hasher.path(decoded(rest)) }
        } else if path.hasPrefix("/secrets/v1/secret/") {
            if let (kept, rest) = split(path, afterSlashes: 5) { return kept + hasher.path(decoded(rest)) }
        } else if path.hasPrefix("/acs/api/v1/acls/") {
            var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            segments[5] = hiding(rid: segments[5], hasher: hasher)
            return segments.joined(separator: "/")
        }
        return path
    }

    /// `path` cut after its `count`th `/`; `nil` if it has fewer. Works on the UTF-8 view: this runs
    /// for every request.
    private static func split(_ path: String, afterSlashes count: Int) -> (String, Substring)? {
        var seen = 0
        for index in path.utf8.indices where path.utf8[index] == UInt8(ascii: "/") {
            seen += 1
            if seen == count {
                let cut = path.utf8.index(after: index)
                return (String(path[..<cut]), path[cut...])
            }
        }
        return nil
    }

    /// `text` percent-decoded, when it holds any escape.
    private static func decoded(_ text: Substring) -> String {
        text.utf8.contains(UInt8(ascii: "%")) ? (text.removingPercentEncoding ?? String(text)) : String(text)
    }

    /// A percent-encoded rid (`dcos:secrets:default:%252Fapp%252Fdb`, `/` encoded twice as DC/OS
    /// clients send it) with its path hidden, encoded the same way.
    private static func hiding(rid encoded: String, hasher: AuditPathHasher) -> String {
        var rid = encoded
        // Up to two rounds of decoding: once by the URL, once by DC/OS's own encoding of `/`.
        for _ in 0..<2 {
            guard let decoded = rid.removingPercentEncoding, decoded != rid else { break }
            rid = decoded
        }
        guard rid.hasPrefix("dcos:secrets:") else { return encoded }
        return hasher.resource(rid).replacingOccurrences(of: "/", with: "%252F")
    }
}
