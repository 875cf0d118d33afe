/// Why a string is not a secret path (contract §2); the server answers it as 400 `INVALID_PATH`
/// with `message`. Messages never quote more of the path than a short printable component.
public struct SecretPathViolation: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which part of the rule the path breaks.
    public enum Kind: Sendable, Hashable {
        /// A `%` not followed by two hex digits.
        case malformedEscape
        /// An empty component where components are given one by one.
        case emptyComponent
        /// A component longer than `NormalizedSecretPath.maximumComponentLength` bytes.
        case componentTooLong
        /// A component holding a byte outside `[A-Za-z0-9_-]`.
        case invalidCharacter
        /// More than `NormalizedSecretPath.maximumLength` bytes joined by `/`.
        case tooLong
        /// No component at all where a secret (not the whole store) is meant.
        case noComponent
    }

    /// Which part of the rule the path breaks.
    public var kind: Kind
    /// A human sentence, e.g. `a path component is empty`.
    public var message: String

    /// A violation of `kind` explained by `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
