import SecretStoreWire

/// The path of a secret (or of a folder, when listing): components of `[A-Za-z0-9_-]`, each 1–255
/// bytes, at most 1,024 bytes joined by `/`, case-sensitive. The empty path is the whole store.
/// The rule itself is the wire module's `NormalizedSecretPath`, which the CLI checks paths with too.
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
    public static let maximumLength = NormalizedSecretPath.maximumLength
    /// The longest component, in bytes.
    public static let maximumComponentLength = NormalizedSecretPath.maximumComponentLength

    /// The whole store: a folder to list, never a secret.
    public static let root = SecretPath(validated: [])

    /// A path from components already checked.
    init(validated components: [String]) {
        self.components = components
        path = components.joined(separator: "/")
    }

    /// A path the wire rule has already normalised and checked.
    init(_ normalized: NormalizedSecretPath) {
        components = normalized.components
        path = normalized.path
    }

    /// Validates decoded components (no normalisation: an empty component is invalid). No
    /// components at all is the whole store.
    public init(components: [String]) throws(SecretError) {
        do {
            self.init(try NormalizedSecretPath(components: components))
        } catch {
            throw SecretError(error)
        }
    }

    /// Normalises a path as it arrives in a URL and requires it to name a secret: the whole store
    /// (an empty path, or only slashes) is `INVALID_PATH` too.
    public static func secret(_ raw: some StringProtocol) throws(SecretError) -> SecretPath {
        do {
            return SecretPath(try NormalizedSecretPath.secret(String(raw)))
        } catch {
            throw SecretError(error)
        }
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
}
