import Foundation

/// Any JSON value, for showing what the server answered: pretty-printed for `-j`, or as indented
/// `key: value` lines for people. Decoding keeps `true` and `1` apart (JSONDecoder never turns one
/// into the other), which `JSONSerialization` on Linux does not promise.
enum JSONValue: Codable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The JSON text `data` holds, pretty-printed with sorted keys; the text as it is if it is not JSON.
    static func prettyText(_ data: Data) -> String {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: data) else {
            return String(decoding: data, as: UTF8.self)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
            ?? String(decoding: data, as: UTF8.self)
    }

    /// A JSON object as `key: value` lines sorted by key, nested objects and arrays indented by
    /// `indent` more spaces each; `nil` if `data` is not a JSON object.
    static func describedObject(_ data: Data, indent: Int = 4) -> String? {
        guard case .object(let fields)? = try? JSONDecoder().decode(JSONValue.self, from: data) else { return nil }
        return JSONValue.object(fields).described(depth: 0, indent: indent)
    }

    /// The value as `key: value` lines (`- element` for arrays), starting `depth` levels of
    /// `indent` spaces in.
    func described(depth: Int, indent: Int = 4) -> String {
        lines(indent: indent, depth: depth).joined(separator: "\n")
    }

    /// A server's JSON answer as the store commands print it: pretty JSON with `-j`, `key: value`
    /// lines otherwise (or the text as it is when it is no JSON object).
    static func rendered(_ data: Data, json: Bool) -> String {
        json ? prettyText(data) : describedObject(data) ?? String(decoding: data, as: UTF8.self)
    }

    /// A scalar as people read it; `nil` for arrays and objects.
    var scalarText: String? {
        switch self {
        case .null: return "null"
        case .bool(let value): return String(value)
        case .integer(let value): return String(value)
        case .number(let value): return String(value)
        case .string(let value): return value
        case .array, .object: return nil
        }
    }

    private func lines(indent: Int, depth: Int) -> [String] {
        let margin = String(repeating: " ", count: indent * depth)
        switch self {
        case .object(let fields):
            return fields.keys.sorted().flatMap { key -> [String] in
                let value = fields[key] ?? .null
                if let text = value.scalarText { return ["\(margin)\(key): \(text)"] }
                return ["\(margin)\(key):"] + value.lines(indent: indent, depth: depth + 1)
            }
        case .array(let elements):
            return elements.flatMap { element -> [String] in
                if let text = element.scalarText { return ["\(margin)- \(text)"] }
                return ["\(margin)-"] + element.lines(indent: indent, depth: depth + 1)
            }
        default:
            return [margin + (scalarText ?? "")]
        }
    }
}
