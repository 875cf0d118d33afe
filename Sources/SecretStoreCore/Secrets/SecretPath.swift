/// The path of a secret (or of a folder, when listing): components of `[A-Za-z0-9_-]`, each 1–255
/// bytes, at most 1,024 bytes joined by `/`, case-sensitive. The empty path is the whole store.
///
/// Paths order byte-wise on their joined form, which is the order the contract lists secrets in
/// (`folder/sub` < `folder/sub/key4` < `key1`, and `a-b` < `a/b` since `-` is 0x2D and `/` 0x2F).
public struct SecretPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    // Equality and hashing use `path` alone: it determines the components, and is one string.
    public static func == (lhs: SecretPath, rhs: SecretPath) -> Bool { lhs.path == rhs.path }
    public func hash(into hasher: inout Hasher) { hasher.combine(path) }

    /// The components, root first. Empty for the whole store.
    public let components: [String]
    /// The `/`-joined form, without a leading `/`; empty for the whole store.
    public let path: String

    /// The longest path, in bytes of its `/`-joined form.
    public static let maximumLength = 1024
    /// The longest component, in bytes.
    public static let maximumComponentLength = 255

    /// The whole store: a folder to list, never a secret.
    public static let root = SecretPath(validated: [])

    /// A path from components already checked.
    init(validated components: [String]) {
        self.components = components
        path = components.joined(separator: "/")
    }

    /// Validates decoded components (no normalisation: an empty component is invalid). No
    /// components at all is the whole store.
    public init(components: [String]) throws(SecretError) {
        for component in components {
            try Self.validate(component)
        }
        guard components.reduce(max(components.count - 1, 0), { $0 + $1.utf8.count }) <= Self.maximumLength else {
            throw SecretError(.invalidPath, "the path is longer than \(Self.maximumLength) bytes")
        }
        self.init(validated: components)
    }

    /// Normalises a path as it arrives in a URL and requires it to name a secret: the whole store
    /// (an empty path, or only slashes) is `INVALID_PATH` too.
    public static func secret(_ raw: some StringProtocol) throws(SecretError) -> SecretPath {
        let path = try SecretPath(normalizing: raw)
        guard !path.isRoot else { throw SecretError(.invalidPath, "a secret path needs at least one component") }
        return path
    }

    /// Whether this is the whole store.
    public var isRoot: Bool { components.isEmpty }

    /// The folder this path is in; the whole store for a top-level path, nil for the whole store.
    public var parent: SecretPath? {
        isRoot ? nil : SecretPath(validated: Array(components.dropLast()))
    }

    /// The last component; nil for the whole store.
    public var lastComponent: String? { components.last }

    /// This path's name relative to `folder` (`sub/key4` for `folder/sub/key4` below `folder`), or
    /// nil unless this path is strictly below `folder` (a path is not below itself, and `folder2`
    /// is not below `folder`).
    public func relativeName(below folder: SecretPath) -> String? {
        guard components.count > folder.components.count, components.starts(with: folder.components) else {
            return nil
        }
        return components.dropFirst(folder.components.count).joined(separator: "/")
    }

    /// Byte-wise on the joined form.
    public static func < (lhs: SecretPath, rhs: SecretPath) -> Bool {
        // Spelled out on UTF-8 bytes, as the contract asks for byte order (paths are ASCII, so this
        // is also what `String`'s own `<` does today; this does not depend on it).
        lhs.path.utf8.lexicographicallyPrecedes(rhs.path.utf8)
    }

    public var description: String { path }

    /// Throws unless `component` is 1–255 bytes of `[A-Za-z0-9_-]`.
    static func validate(_ component: String) throws(SecretError) {
        let length = component.utf8.count
        guard length > 0 else { throw SecretError(.invalidPath, "a path component is empty") }
        guard length <= maximumComponentLength else {
            throw SecretError(.invalidPath, "a path component is longer than \(maximumComponentLength) bytes")
        }
        guard component.utf8.allSatisfy(isAllowed) else {
            throw SecretError(.invalidPath, "invalid path component \(quoted(component))")
        }
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
