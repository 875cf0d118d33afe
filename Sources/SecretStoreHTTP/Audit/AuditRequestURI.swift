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
        var segments = uri.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if route == nil || route == "NotFound" {
            if segments.count > 3 {
                let rest = segments[3...].joined(separator: "/")
                segments = Array(segments[..<3]) + [hasher.path(rest.removingPercentEncoding ?? rest)]
            }
        } else if segments.starts(with: ["", "secrets", "v1", "secret"]), segments.count > 5 {
            let path = segments[5...].joined(separator: "/")
            segments = Array(segments[..<5]) + [hasher.path(path.removingPercentEncoding ?? path)]
        } else if segments.starts(with: ["", "acs", "api", "v1", "acls"]), segments.count > 5 {
            segments[5] = hiding(rid: segments[5], hasher: hasher)
        }
        var text = segments.joined(separator: "/")
        let kept = uri.queryParameters.filter { keptParameters.contains(String($0.key)) }
        if !kept.isEmpty {
            text += "?" + kept.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        }
        return text
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
