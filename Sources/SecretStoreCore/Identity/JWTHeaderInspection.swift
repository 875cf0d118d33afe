import Foundation

/// Reads a JWT's header before any key is chosen, so that tokens claiming another algorithm are
/// refused outright rather than left to the signature check.
enum JWTHeaderInspection {
    /// The `alg` of a compact JWT's header, or `nil` if the token is not one.
    static func algorithm(of token: String) -> String? {
        guard let headerPart = token.split(separator: ".", omittingEmptySubsequences: false).first,
            token.utf8.count <= maximumTokenLength
        else { return nil }
        var base64 = headerPart.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else { return nil }
        return header.alg
    }

    /// Tokens longer than this are refused without parsing (ours are well under 1 KiB).
    static let maximumTokenLength = 16 * 1024

    private struct Header: Decodable {
        var alg: String
    }
}
