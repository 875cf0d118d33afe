/// One entry of an `Accept` header: `type/subtype`, either of which may be `*`, and its quality.
/// The server negotiates a secret's representation with it (`SecretRepresentation`).
public struct MediaRange: Equatable, Sendable {
    /// The type, lower-cased; `*` for any.
    public var type: String
    /// The subtype, lower-cased; `*` for any.
    public var subtype: String
    /// The `q` parameter, 0...1; 1 when absent.
    public var quality: Double

    /// The ranges of an `Accept` header value (several header lines joined by `,` work too).
    /// Entries that are not `type/subtype`, or whose `q` is not a number in 0...1, are skipped.
    public static func parseList(_ header: String) -> [MediaRange] {
        header.split(separator: ",").compactMap { MediaRange(parsing: $0) }
    }

    /// Parses one entry, e.g. `text/plain;q=0.5`.
    public init?(parsing entry: Substring) {
        var parts = entry.split(separator: ";", omittingEmptySubsequences: false).makeIterator()
        let name = (parts.next() ?? "").trimmingWhitespace().lowercased()
        let pieces = name.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty, pieces[0] != "*" || pieces[1] == "*" else {
            return nil
        }
        type = String(pieces[0])
        subtype = String(pieces[1])
        quality = 1
        while let parameter = parts.next() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace() }
            guard pair.count == 2, pair[0].lowercased() == "q" else { continue }
            guard let quality = Double(pair[1]), (0...1).contains(quality) else { return nil }
            self.quality = quality
        }
    }

    /// How specifically this range names `type/subtype`: 2 exactly, 1 as `type/*`, 0 as `*/*`;
    /// nil if it does not match.
    public func specificity(for type: String, _ subtype: String) -> Int? {
        switch (self.type, self.subtype) {
        case ("*", "*"): 0
        case (type, "*"): 1
        case (type, subtype): 2
        default: nil
        }
    }

    /// The quality `ranges` give `type/subtype` (RFC 9110 §12.5.1: the most specific matching
    /// range decides; the highest q among equally specific ones); 0 when none matches.
    public static func quality(of type: String, _ subtype: String, in ranges: [MediaRange]) -> Double {
        var best: (specificity: Int, quality: Double)?
        for range in ranges {
            guard let specificity = range.specificity(for: type, subtype) else { continue }
            if let current = best,
                current.specificity > specificity
                    || (current.specificity == specificity && current.quality >= range.quality)
            {
                continue
            }
            best = (specificity, range.quality)
        }
        return best?.quality ?? 0
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs (the whitespace HTTP allows around list items).
    fileprivate func trimmingWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isWhitespace($0) }), let end = lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(self[start...end])
    }
}
