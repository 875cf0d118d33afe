import Foundation

extension TextSecretAnswer {
    /// The answer's JSON, written byte by byte: `{"author","created","description","labels","value"}`
    /// with sorted keys, as `JSONEncoder` would write it, at a fraction of its cost (it was a tenth of
    /// a cached read's CPU time). `value` is taken as bytes so that a large value is copied once.
    /// The strings must be valid UTF-8 (the server's record decoding checks text values), so only
    /// `"`, `\` and control characters need escaping. An absent description is `""`. `value` is a
    /// concrete array, not a generic collection: across the module boundary a generic one would be
    /// walked through its witness table byte by byte, which cost a third of a cached GET's rate.
    public static func encodedJSON(
        author: String, created: Date, description: String?, labels: [String], value: [UInt8]
    ) -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(value.count + author.utf8.count + 128)
        bytes += #"{"author":"#.utf8
        appendString(author.utf8, to: &bytes)
        bytes += #","created":"#.utf8
        appendString(RFC3339Timestamp.string(from: created).utf8, to: &bytes)
        bytes += #","description":"#.utf8
        appendString((description ?? "").utf8, to: &bytes)
        bytes += #","labels":["#.utf8
        for (index, label) in labels.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            appendString(label.utf8, to: &bytes)
        }
        bytes += #"],"value":"#.utf8
        appendString(value, to: &bytes)
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string literal: runs of bytes that need no escaping are copied whole.
    static func appendString(_ text: String.UTF8View, to bytes: inout [UInt8]) {
        var text = String(text)
        text.withUTF8 { appendString($0, to: &bytes) }
    }

    /// Appends `text` as a JSON string literal, as the one above.
    static func appendString(_ text: [UInt8], to bytes: inout [UInt8]) {
        text.withUnsafeBufferPointer { appendString($0, to: &bytes) }
    }

    /// Whether any of the eight bytes of `word` is a control character, `"` or `\\` (the "has a byte
    /// less than" and "has a zero byte" tests of Bit Twiddling Hacks; exact for "any").
    static func anyNeedsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        let control = (word &- 0x20 &* ones) & ~word & highs != 0
        return control || hasZeroByte(word ^ (0x22 &* ones)) || hasZeroByte(word ^ (0x5C &* ones))
    }

    /// Appends `text` as a JSON string literal. Over contiguous bytes the scan reads eight bytes at a
    /// time: a 1 KiB value walked as a collection cost 11,000 instructions, 3% of a cached GET
    /// (`scripts/benchmark.sh instructions`).
    static func appendString(_ text: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        var index = 0
        let raw = UnsafeRawPointer(text.baseAddress)
        while index < text.count {
            // Eight bytes at a time while none of them needs escaping.
            if let raw {
                while index &+ 8 <= text.count,
                    !Self.anyNeedsEscape(raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
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
