/// A secret path in the contract's normal form (§2), and the one place its rule is written: one or
/// more components of `[A-Za-z0-9_-]`, each 1–255 bytes, at most 1,024 bytes joined by `/`,
/// case-sensitive. No components at all is the whole store, a folder to list but never a secret.
///
/// The server's `SecretPath` and the CLI's path arguments are both made by this rule, so a path
/// the CLI accepts is exactly a path the server accepts, in the same normal form.
public struct NormalizedSecretPath: Hashable, Sendable, CustomStringConvertible {
    /// The components, root first. Empty for the whole store.
    public let components: [String]
    /// The `/`-joined form, without a leading `/`; empty for the whole store.
    public let path: String

    /// The longest path, in bytes of its `/`-joined form.
    public static let maximumLength = 1024
    /// The longest component, in bytes.
    public static let maximumComponentLength = 255

    /// A path from components already checked.
    init(validated components: [String]) {
        self.components = components
        path = components.joined(separator: "/")
    }

    /// Validates decoded components (no normalisation: an empty component is invalid). No
    /// components at all is the whole store.
    public init(components: [String]) throws(SecretPathViolation) {
        for component in components {
            try Self.validate(component: component)
        }
        guard components.reduce(max(components.count - 1, 0), { $0 + $1.utf8.count }) <= Self.maximumLength else {
            throw Self.tooLong
        }
        self.init(validated: components)
    }

    /// Normalises a path as it arrives in a URL and requires it to name a secret: the whole store
    /// (an empty path, or only slashes) is a violation too.
    public static func secret(_ raw: String) throws(SecretPathViolation) -> NormalizedSecretPath {
        let path = try NormalizedSecretPath(normalizing: raw)
        guard !path.isRoot else {
            throw SecretPathViolation(.noComponent, "a secret path needs at least one component")
        }
        return path
    }

    /// Whether this is the whole store.
    public var isRoot: Bool { components.isEmpty }

    /// The joined form.
    public var description: String { path }

    /// Whether `component` may be one component of a path (also the rule for a store id).
    public static func isValidComponent(_ component: String) -> Bool {
        (try? validate(component: component)) != nil
    }

    /// Throws unless `component` is 1–255 bytes of `[A-Za-z0-9_-]`.
    public static func validate(component: String) throws(SecretPathViolation) {
        let length = component.utf8.count
        guard length > 0 else { throw SecretPathViolation(.emptyComponent, "a path component is empty") }
        guard length <= maximumComponentLength else {
            throw SecretPathViolation(
                .componentTooLong, "a path component is longer than \(maximumComponentLength) bytes")
        }
        guard component.utf8.allSatisfy(isAllowed) else {
            throw SecretPathViolation(.invalidCharacter, "invalid path component \(quoted(component))")
        }
    }

    static var tooLong: SecretPathViolation {
        SecretPathViolation(.tooLong, "the path is longer than \(maximumLength) bytes")
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// The component in quotes if it is short printable ASCII, else a neutral phrase: a message
    /// must stay readable in a log line whatever the client sent.
    private static func quoted(_ component: String) -> String {
        let printable = component.utf8.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "'") }
        return printable && component.utf8.count <= 64 ? "'\(component)'" : "(not shown)"
    }
}
