/// A key in the storage namespace: one or more components of `[A-Za-z0-9._-]`, joined by `/`.
///
/// Keys form a tree, so a key may hold a value and have keys below it at the same time. The
/// character set leaves room for the storage's own bookkeeping names (which start with `@`).
public struct StorageKey: Hashable, Sendable, Comparable, CustomStringConvertible {
    // Equality and hashing use `path` alone: it determines the components, and hashing one string
    // is cheaper than hashing an array of them.
    public static func == (lhs: StorageKey, rhs: StorageKey) -> Bool { lhs.path == rhs.path }
    public func hash(into hasher: inout Hasher) { hasher.combine(path) }

    /// The components, root first. Empty for the root of the namespace.
    public let components: [String]
    /// The `/`-joined form, without a leading `/`; empty for the root. Kept, as every storage call uses it.
    public let path: String

    /// The longest key, in bytes of its `/`-joined form.
    public static let maximumLength = 4096

    /// The root of the namespace: it holds no value, only children.
    public static let root = StorageKey(validated: [])

    /// A key from components the caller has already made valid (escaped ids, constant names).
    init(validated components: [String]) {
        self.components = components
        path = components.joined(separator: "/")
    }

    /// Parses `a/b/c`. Throws `StorageError.invalidKey` for empty components, `.`/`..`, other characters,
    /// or a key longer than `maximumLength`.
    public init(_ path: String) throws {
        try self.init(components: path.split(separator: "/", omittingEmptySubsequences: false).map(String.init))
    }

    /// Validates the components of a key.
    public init(components: [String]) throws {
        guard !components.isEmpty else { throw StorageError(.invalidKey, "a storage key needs at least one component") }
        for component in components {
            guard Self.isValidComponent(component) else {
                throw StorageError(.invalidKey, "invalid storage key component '\(component)'")
            }
        }
        guard components.reduce(components.count - 1, { $0 + $1.utf8.count }) <= Self.maximumLength else {
            throw StorageError(.invalidKey, "storage key longer than \(Self.maximumLength) bytes")
        }
        self.init(validated: components)
    }

    /// Whether `component` may appear in a key.
    public static func isValidComponent(_ component: some StringProtocol) -> Bool {
        guard !component.isEmpty, component != ".", component != ".." else { return false }
        return component.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
                return true
            default:
                return false
            }
        }
    }

    /// The key with `component` appended.
    public func appending(_ component: String) throws -> StorageKey {
        try StorageKey(components: components + [component])
    }

    /// The key with a component the caller has already made valid appended.
    package func appendingValidated(_ component: String) -> StorageKey {
        StorageKey(validated: components + [component])
    }

    /// The key with every component of `other` appended.
    public func appending(_ other: StorageKey) throws -> StorageKey {
        try StorageKey(components: components + other.components)
    }

    /// The key one level up; the root's parent is the root.
    public var parent: StorageKey { StorageKey(validated: Array(components.dropLast())) }

    /// Whether this is the root.
    public var isRoot: Bool { components.isEmpty }

    /// Whether `self` is `other` or lies below it.
    public func hasPrefix(_ other: StorageKey) -> Bool {
        components.count >= other.components.count
            && Array(components.prefix(other.components.count)) == other.components
    }

    public var description: String { path }

    /// Orders keys component by component, each compared byte-wise.
    public static func < (lhs: StorageKey, rhs: StorageKey) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
