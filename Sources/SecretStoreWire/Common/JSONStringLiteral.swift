/// JSON string literals written directly into bytes, for the answers and audit lines written by
/// hand. The strings must be valid UTF-8, so only `"`, `\` and control characters need escaping.
public enum JSONStringLiteral {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal: runs of bytes that need no escaping are copied whole.
    public static func append(_ text: String.UTF8View, to bytes: inout [UInt8]) {
        var text = String(text)
        text.withUTF8 { append($0, to: &bytes) }
    }

    /// Appends `text` as a JSON string literal, as the one above.
    public static func append(_ text: [UInt8], to bytes: inout [UInt8]) {
        text.withUnsafeBufferPointer { append($0, to: &bytes) }
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\\` (the "has a byte
    /// less than" and "has a zero byte" tests of Bit Twiddling Hacks; exact for "any").
    static func anyNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let quotes = word ^ (0x22 &* ones)
        let backslashes = word ^ (0x5C &* ones)
        // The three tests' bits together, and one branch: short-circuiting them cost more.
        let found =
            (word &- 0x20 &* ones) & ~word | (quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes
        return found & highs != 0
    }

    /// Appends `text` as a JSON string literal. Over contiguous bytes the scan reads eight bytes at a
    /// time: a 1 KiB value walked as a collection cost 11,000 instructions, 3% of a cached GET
    /// (`scripts/benchmark.sh instructions`).
    public static func append(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        let raw = UnsafeRawPointer(text.baseAddress)
        while index < text.count {
            // Eight bytes at a time while none of them needs escaping.
            if let raw {
                while index &+ 8 <= text.count,
                    !anyNeedsEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                {
                    index &+= 8
                }
                guard index < text.count else { break }
            }
            let byte = text[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else {
                index &+= 1
                continue
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<index]))
            switch byte {
            case UInt8(ascii: "\""): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            default:
                bytes += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")]
                bytes += [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]]
            }
            index &+= 1
            runStart = index
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[runStart..<text.count]))
        bytes.append(UInt8(ascii: "\""))
    }
}
