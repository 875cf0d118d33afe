import SecretStoreWire

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
/// needs no escaping; strings go through `JSONStringLiteral`, as the secrets API's answers do;
/// numbers and timestamps are written as digits, never through a `String`: this runs for every
/// request.
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
        JSONStringLiteral.append(text.utf8, to: &bytes)
    }
}
