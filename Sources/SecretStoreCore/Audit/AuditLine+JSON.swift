extension AuditLine {
    /// The line as one JSON object and a newline, keys in the contract's order and absent values as
    /// `null`. Written by hand: a fixed order, and no encoder per request.
    public var jsonLine: [UInt8] {
        var json = JSONObjectWriter()
        json.field("time", string: time.description)
        json.field("type", string: "audit")
        json.field("authorizer", string: "secretstore")
        json.field("request_id", string: requestID)
        json.field("uid", string: uid)
        json.field("srcip", string: sourceIP)
        json.field("srcport", number: sourcePort.map(String.init))
        json.field("method", string: method)
        json.field("request_uri", string: requestURI)
        json.field("object", string: object)
        json.field("action", string: action)
        json.field("result", string: result.rawValue)
        json.field("reason", string: reason)
        json.field("status", number: String(status))
        json.field("duration_ms", number: Self.milliseconds(durationMilliseconds))
        if let resolve {
            json.field("space", string: resolve.space)
            json.field("paths", strings: resolve.paths)
            json.field("offending", strings: resolve.offending)
            json.field("validate", number: resolve.validate ? "true" : "false")
            json.field("decision", string: resolve.decision.rawValue)
        }
        return json.finished()
    }

    /// Milliseconds with three decimals (`0.412`), formatted from whole microseconds: `Double`'s own
    /// description cost more than the rest of the number fields.
    static func milliseconds(_ value: Double) -> String {
        let microseconds = Int64((max(value, 0) * 1000).rounded())
        let fraction = String(microseconds % 1000)
        return String(microseconds / 1000) + "." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}

/// Writes one flat JSON object, field by field, into bytes.
struct JSONObjectWriter {
    private var bytes: [UInt8]

    /// An empty object.
    init() {
        bytes = []
        bytes.reserveCapacity(512)
        bytes.append(UInt8(ascii: "{"))
    }

    /// A string field, or `null`.
    mutating func field(_ name: String, string value: String?) {
        key(name)
        if let value { quoted(value) } else { bytes.append(contentsOf: "null".utf8) }
    }

    /// A field whose value is already JSON (a number or a boolean), or `null`.
    mutating func field(_ name: String, number value: String?) {
        key(name)
        bytes.append(contentsOf: (value ?? "null").utf8)
    }

    /// An array of strings.
    mutating func field(_ name: String, strings values: [String]) {
        key(name)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            quoted(value)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The object closed, with a newline.
    consuming func finished() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    private mutating func key(_ name: String) {
        if bytes.count > 1 { bytes.append(UInt8(ascii: ",")) }
        quoted(name)
        bytes.append(UInt8(ascii: ":"))
    }

    private mutating func quoted(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Nearly every value needs no escape: copy it whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let hex = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): bytes.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
