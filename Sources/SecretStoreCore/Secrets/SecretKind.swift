/// How a secret was created, which decides the format a plain GET answers with.
public enum SecretKind: UInt8, Sendable, Hashable, CaseIterable {
    /// Created from a JSON `{"value": "<string>"}`: the value is UTF-8 text.
    case text = 0
    /// Created from an `application/octet-stream` body: the value is arbitrary bytes.
    case binary = 1
}
