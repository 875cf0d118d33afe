/// One secret as `POST /secrets/v1/resolve/{store}` delivers it (contract §6): its normalised path
/// and its value, the text itself (`utf-8`) or base64 of a binary secret's bytes (`base64`). The
/// description names the path only, never the value.
public struct DeliveredSecret: Codable, Sendable, Equatable, CustomStringConvertible {
    /// How a text secret's value is sent.
    public static let utf8Encoding = "utf-8"
    /// How a binary secret's bytes are sent.
    public static let base64Encoding = "base64"
    /// The last component prefix marking a text secret that holds base64, which the launcher
    /// decodes before the task sees it (the DC/OS convention from before binary secrets).
    public static let base64Prefix = "__dcos_base64__"

    /// The normalised path.
    public var path: String
    /// The value as sent: never log it.
    public var value: String
    /// `utf-8` or `base64`.
    public var encoding: String

    /// A delivered secret.
    public init(path: String, value: String, encoding: String) {
        self.path = path
        self.value = value
        self.encoding = encoding
    }

    /// The path, never the value.
    public var description: String { "secret \(path)" }
}
