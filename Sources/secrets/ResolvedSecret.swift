import Foundation

/// One secret as `POST /resolve` delivers it: its normalised path and its value, the text itself
/// (`utf-8`) or base64 of a binary secret's bytes (`base64`). The value is never shown: the
/// description names the path only.
struct ResolvedSecret: Decodable, CustomStringConvertible {
    /// The last component prefix marking a text secret that holds base64, which the launcher
    /// decodes before the task sees it (the DC/OS convention from before binary secrets).
    static let base64Prefix = "__dcos_base64__"

    /// The normalised path.
    var path: String
    /// The value as the server sent it.
    var value: String
    /// `utf-8` or `base64`.
    var encoding: String

    /// The path, never the value.
    var description: String { "secret \(path)" }

    /// Whether the path's last component marks a text secret holding base64.
    var holdsBase64Text: Bool {
        path.split(separator: "/").last?.hasPrefix(Self.base64Prefix) ?? false
    }

    /// The bytes the task receives: a binary secret's raw bytes, a `__dcos_base64__` text secret's
    /// decoded bytes, or any other text secret's UTF-8. Errors name the path, never the value.
    func bytes() throws -> [UInt8] {
        switch encoding {
        case "base64":
            guard let bytes = Self.decodeBase64(value) else {
                throw CLIError("the server sent secret \(path) as invalid base64")
            }
            return bytes
        case "utf-8":
            guard holdsBase64Text else { return Array(value.utf8) }
            guard let bytes = Self.decodeBase64(value) else {
                throw CLIError("secret \(path) is named \(Self.base64Prefix)... but does not hold valid base64")
            }
            return bytes
        default:
            throw CLIError("the server sent secret \(path) in an unknown encoding \(encoding)")
        }
    }

    /// Standard base64 with its padding; line breaks and spaces are ignored, as `base64 -d` does
    /// (a value made with `base64` rather than `base64 -w 0` is wrapped every 76 characters).
    static func decodeBase64(_ text: String) -> [UInt8]? {
        let compact = String(text.unicodeScalars.filter { !" \t\r\n".unicodeScalars.contains($0) })
        guard let data = Data(base64Encoded: compact) else { return nil }
        return Array(data)
    }
}
