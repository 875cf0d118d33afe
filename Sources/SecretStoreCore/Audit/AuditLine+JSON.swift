extension AuditLine {
    /// The line as one JSON object and a newline, keys in the contract's order and absent values as
    /// `null`. Written by hand: a fixed order, and no encoder per request.
    public var jsonLine: [UInt8] {
        var json = JSONObjectWriter()
        json.field("time", timestamp: time)
        json.field("type", literal: #""audit""#)
        json.field("authorizer", literal: #""secretstore""#)
        json.field("request_id", string: requestID)
        json.field("uid", string: uid)
        json.field("srcip", string: sourceIP)
        json.field("srcport", integer: sourcePort)
        json.field("method", string: method)
        json.field("request_uri", string: requestURI)
        json.field("object", string: object)
        json.field("action", string: action)
        json.field("result", literal: result == .allow ? #""allow""# : #""deny""#)
        json.field("reason", string: reason)
        json.field("status", integer: status)
        json.field("duration_ms", milliseconds: durationMilliseconds)
        if let resolve {
            json.field("space", string: resolve.space)
            json.field("paths", strings: resolve.paths)
            json.field("offending", strings: resolve.offending)
            json.field("validate", literal: resolve.validate ? "true" : "false")
            json.field("decision", string: resolve.decision.rawValue)
        }
        return json.finished()
    }
}

/// Writes one flat JSON object, field by field, into bytes. Keys and literals are static text that
/// needs no escaping; numbers and timestamps are written as digits, never through a `String`: this
/// runs for every request.
struct JSONObjectWriter {
    private var bytes: [UInt8]

    /// An empty object.
    init() {
        bytes = []
        bytes.reserveCapacity(512)
        bytes.append(UInt8(ascii: "{"))
    }

    mutating func field(_ name: StaticString, string value: String?) {
        key(name)
        if let value { quoted(value) } else { append("null") }
    }

    /// A JSON value written as it is (`true`, `"audit"`).
    mutating func field(_ name: StaticString, literal value: StaticString) {
        key(name)
        append(value)
    }

    mutating func field(_ name: StaticString, integer value: Int?) {
        key(name)
        if let value { digits(Int64(value)) } else { append("null") }
    }

    mutating func field(_ name: StaticString, timestamp value: AuditTimestamp) {
        key(name)
        bytes.append(UInt8(ascii: "\""))
        value.append(to: &bytes)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Milliseconds with three decimals (microseconds), e.g. `0.412`.
    mutating func field(_ name: StaticString, milliseconds value: Double) {
        key(name)
        let microseconds = max(value, 0) * 1000
        let whole = microseconds < 1e15 ? Int64(microseconds.rounded()) : 0
        digits(whole / 1000)
        bytes.append(UInt8(ascii: "."))
        let fraction = whole % 1000
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10))
    }

    mutating func field(_ name: StaticString, strings values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            quoted(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The object closed, with the line's newline.
    consuming func finished() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func key(_ name: StaticString) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        append(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func digits(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            // Nearly every value needs no escape: copy it whole.
            if Self.needsNoEscape(utf8) {
                bytes.append(contentsOf: utf8)
            } else {
                for byte in utf8 { escaped(byte) }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether no byte of `utf8` is a control character, a quote or a backslash. Looks at eight
    /// bytes at a time (a byte-by-byte look was the line's largest cost): a byte below 0x20 is
    /// one that borrows when 0x20 is taken from it and had its top bit clear; a quote or a
    /// backslash is a zero byte once the word is XORed with that byte repeated.
    private static func needsNoEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let tops: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawBufferPointer(utf8)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(UInt8(ascii: "\"")))
            let backslashes = word ^ (ones &* UInt64(UInt8(ascii: "\\")))
            let found =
                ((word &- ones &* 0x20) & ~word) | ((quotes &- ones) & ~quotes)
                | ((backslashes &- ones) & ~backslashes)
            if found & tops != 0 { return false }
            offset += 8
        }
        while offset < raw.count {
            if needsEscape(raw[offset]) { return false }
            offset += 1
        }
        return true
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    private mutating func escaped(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): append(#"\""#)
        case UInt8(ascii: "\\"): append(#"\\"#)
        case UInt8(ascii: "\n"): append(#"\n"#)
        case UInt8(ascii: "\r"): append(#"\r"#)
        case UInt8(ascii: "\t"): append(#"\t"#)
        case 0..<0x20:
            let hex: StaticString = "0123456789abcdef"
            append(#"\u00"#)
            bytes.append(hex.utf8Start[Int(byte >> 4)])
            bytes.append(hex.utf8Start[Int(byte & 0x0F)])
        default: bytes.append(byte)
        }
    }
}
