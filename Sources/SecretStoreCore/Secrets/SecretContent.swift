/// What a client sends to create or update a secret.
///
/// `description` is the secret's own field, so the type is not `CustomStringConvertible`: `print`
/// and interpolation use `debugDescription`, and `dump` the mirror, both of which leave the value out.
public struct SecretContent: Sendable, Hashable, CustomDebugStringConvertible, CustomReflectable {
    /// Text (JSON `value`) or binary (octet-stream body).
    public var kind: SecretKind
    /// The value's bytes: UTF-8 of a text value, raw bytes of a binary one.
    public var value: [UInt8]
    /// A description, if given.
    public var description: String?
    /// Labels, if given.
    public var labels: [String]?

    /// Creates content.
    public init(kind: SecretKind, value: [UInt8], description: String? = nil, labels: [String]? = nil) {
        self.kind = kind
        self.value = value
        self.description = description
        self.labels = labels
    }

    public var debugDescription: String { "SecretContent(\(kind), \(value.count) bytes, value redacted)" }

    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind, "byteCount": value.count], displayStyle: .struct)
    }
}
