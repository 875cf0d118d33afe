import Foundation
import SwiftASN1
import X509

/// A `hosts` entry of a request, as a subject alternative name: an IPv4 or IPv6 address becomes an
/// IP address name, anything else must be a DNS name (labels of letters, digits and `-`, a leading
/// `*.` allowed).
public enum HostName {
    /// The subject alternative name for `host`.
    public static func generalName(_ host: String) throws(CAError) -> GeneralName {
        if let bytes = ipv4(host) ?? ipv6(host) {
            return .ipAddress(ASN1OctetString(contentBytes: ArraySlice(bytes)))
        }
        guard isDNSName(host) else { throw CAError(.badRequest, "host \"\(host)\" is not a DNS name or an IP address") }
        return .dnsName(host)
    }

    /// The subject alternative names of `hosts`, in order, without duplicates.
    public static func alternativeNames(_ hosts: [String]) throws(CAError) -> SubjectAlternativeNames {
        var names: [GeneralName] = []
        for host in hosts {
            let name = try generalName(host)
            if !names.contains(name) { names.append(name) }
        }
        return SubjectAlternativeNames(names)
    }

    /// The four bytes of a dotted-quad IPv4 address; `nil` for anything else.
    public static func ipv4(_ text: String) -> [UInt8]? {
        var address = in_addr()
        // inet_pton accepts exactly dotted-quad IPv4, no shorthand forms.
        guard inet_pton(AF_INET, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    /// The sixteen bytes of an IPv6 address; `nil` for anything else.
    public static func ipv6(_ text: String) -> [UInt8]? {
        var address = in6_addr()
        guard inet_pton(AF_INET6, text, &address) == 1 else { return nil }
        return withUnsafeBytes(of: &address) { Array($0) }
    }

    static func isDNSName(_ text: String) -> Bool {
        var labels = text.split(separator: ".", omittingEmptySubsequences: false)
        guard text.utf8.count <= 253, !labels.isEmpty else { return false }
        if labels.count > 1, labels[0] == "*" { labels.removeFirst() }
        return labels.allSatisfy { label in
            (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                && label.utf8.allSatisfy { byte in
                    switch byte {
                    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                        return true
                    default:
                        return false
                    }
                }
        }
    }
}
