/// The id of a service (a Marathon app or pod, a framework) as tasks are launched under it, such
/// as `/group/hdfs/service`: the *space* it may receive secrets from (contract §6).
///
/// Normalised like a secret path: repeated `/` collapse, leading and trailing `/` go. What is left
/// is one or more components of `[A-Za-z0-9._-]` (Marathon ids may hold dots), none of them `.` or
/// `..`, each 1–255 bytes and 1,024 bytes in all. Case-sensitive, as secret paths are.
public struct ServiceID: Hashable, Sendable, CustomStringConvertible {
    /// The components, outermost first; never empty.
    public let components: [String]

    /// Normalises and validates `raw`; `BAD_REQUEST` when it names no service or is malformed.
    public init(normalizing raw: some StringProtocol) throws(SecretError) {
        let components = String(raw).split(separator: "/").map(String.init)
        guard !components.isEmpty else {
            throw SecretError(.badRequest, "the space must name a service, as in /group/app")
        }
        for component in components {
            try Self.validate(component)
        }
        guard components.reduce(components.count, { $0 + $1.utf8.count }) <= SecretPath.maximumLength else {
            throw SecretError(.badRequest, "the space is longer than \(SecretPath.maximumLength) bytes")
        }
        self.components = components
    }

    /// The id with a leading `/`, as Marathon writes it.
    public var description: String { "/" + components.joined(separator: "/") }

    private static func validate(_ component: String) throws(SecretError) {
        let length = component.utf8.count
        guard length <= SecretPath.maximumComponentLength else {
            throw SecretError(
                .badRequest, "a component of the space is longer than \(SecretPath.maximumComponentLength) bytes")
        }
        // `..` would make `/a/../b` look inside `/a`; `.` is no service either.
        guard component != ".", component != ".." else {
            throw SecretError(.badRequest, "the space may not contain '.' or '..' components")
        }
        // The characters of a storage key component: the same set, for the same reasons.
        guard StorageKey.isValidComponent(component) else {
            throw SecretError(.badRequest, "the space may hold only letters, digits, '.', '_', '-' and '/'")
        }
    }
}
