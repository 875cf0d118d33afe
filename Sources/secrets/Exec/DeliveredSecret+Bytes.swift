import Foundation
import SecretStoreWire

extension DeliveredSecret {
    /// Whether the path's last component marks a text secret holding base64.
    var holdsBase64Text: Bool {
        path.split(separator: "/").last?.hasPrefix(Self.base64Prefix) ?? false
    }

    /// The bytes the task receives: a binary secret's raw bytes, a `__dcos_base64__` text secret's
    /// decoded bytes, or any other text secret's UTF-8. Errors name the path, never the value.
    func bytes() throws -> [UInt8] {
        switch encoding {
        case Self.base64Encoding:
            guard let bytes = Self.decodeBase64(value) else {
                throw CLIError("the server sent secret \(path) as invalid base64")
            }
            return bytes
        case Self.utf8Encoding:
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
