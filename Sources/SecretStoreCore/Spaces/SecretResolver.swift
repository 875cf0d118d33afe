/// Launch-time delivery (contract §6): the secrets a task of one service receives, all or nothing.
///
/// The checks run in a fixed order, each naming every path that fails it, and none reveals a value:
/// the store must be unsealed (`SEALED`), every path must be inside the service's space
/// (`SPACE_DENIED`, even for a superuser), the caller must hold `read` on every path (`FORBIDDEN`), and
/// every path must hold a secret (`NOT_FOUND`). Only then are the values returned.
public struct SecretResolver: Sendable {
    /// Where the secrets are read.
    public let vault: SecretVault

    /// The most paths one call may name: a task's secrets, not a dump of the store.
    public static let maximumPaths = 100
    /// How many secrets one call reads (or looks up) at a time.
    static let concurrentReads = 8

    /// A resolver reading from `vault`.
    public init(vault: SecretVault) {
        self.vault = vault
    }

    /// The secrets at `paths` for a task of `rule`'s service, once each, in the order first named.
    /// `mayRead` tells whether the caller holds `read` on a path.
    public func resolve(
        _ paths: [SecretPath], for rule: SpaceRule, mayRead: (SecretPath) -> Bool
    ) async throws -> [ResolvedSecret] {
        let paths = try Self.distinct(paths)
        try checkUnsealed()
        let outside = paths.filter { !rule.allows($0) }
        guard outside.isEmpty else {
            throw SecretError(
                .spaceDenied, "outside the space of \(rule.service): \(Self.list(outside))", paths: outside.map(\.path))
        }
        let unreadable = paths.filter { !mayRead($0) }
        guard unreadable.isEmpty else {
            throw SecretError(
                .forbidden, "no read permission on \(Self.list(unreadable))", paths: unreadable.map(\.path))
        }
        let records = try await readAll(paths)
        let missing = paths.filter { records[$0] == nil }
        guard missing.isEmpty else {
            throw SecretError(.notFound, "no secret at \(Self.list(missing))", paths: missing.map(\.path))
        }
        return paths.map { ResolvedSecret(path: $0, record: records[$0]!) }
    }

    /// How each of `paths` would fare, without reading any value: denied (outside the space or not
    /// readable by the caller), missing, or allowed.
    public func validate(
        _ paths: [SecretPath], for rule: SpaceRule, mayRead: (SecretPath) -> Bool
    ) async throws -> ResolveValidation {
        let paths = try Self.distinct(paths)
        try checkUnsealed()
        var validation = ResolveValidation()
        var candidates: [SecretPath] = []
        for path in paths {
            if rule.allows(path) && mayRead(path) {
                candidates.append(path)
            } else {
                validation.denied.append(path.path)
            }
        }
        // Existence is only looked up for paths the caller may read: it reveals nothing else.
        let present = try await eachPath(candidates) { try await vault.contains($0) }
        for path in candidates {
            if present[path] == true {
                validation.allowed.append(path.path)
            } else {
                validation.missing.append(path.path)
            }
        }
        return validation
    }

    private func checkUnsealed() throws {
        if vault.barrier.isSealed { throw SealError(.sealed, "the store is sealed") }
    }

    /// Reads every path; a missing secret is absent from the result.
    private func readAll(_ paths: [SecretPath]) async throws -> [SecretPath: SecretRecord] {
        try await eachPath(paths) { path in
            do {
                return try await vault.read(path)
            } catch let error as SecretError where error.code == .notFound {
                return nil
            }
        }
    }

    /// `body` of every path, `concurrentReads` at a time; nil results are left out.
    private func eachPath<T: Sendable>(
        _ paths: [SecretPath], _ body: @escaping @Sendable (SecretPath) async throws -> T?
    ) async throws -> [SecretPath: T] {
        try await withThrowingTaskGroup(of: (SecretPath, T?).self) { group in
            var results: [SecretPath: T] = [:]
            var pending = paths[...]
            func startNext() {
                guard let path = pending.popFirst() else { return }
                group.addTask { (path, try await body(path)) }
            }
            for _ in 0..<Self.concurrentReads { startNext() }
            for try await (path, result) in group {
                results[path] = result
                startNext()
            }
            return results
        }
    }

    /// `paths` without repeats, in the order first named; `BAD_REQUEST` for none or too many.
    private static func distinct(_ paths: [SecretPath]) throws(SecretError) -> [SecretPath] {
        var seen: Set<SecretPath> = []
        let distinct = paths.filter { seen.insert($0).inserted }
        guard !distinct.isEmpty else { throw SecretError(.badRequest, "name at least one secret") }
        guard distinct.count <= maximumPaths else {
            throw SecretError(.badRequest, "a call may name at most \(maximumPaths) secrets")
        }
        for path in distinct where path.isRoot {
            throw SecretError(.invalidPath, "a secret path needs at least one component")
        }
        return distinct
    }

    private static func list(_ paths: [SecretPath]) -> String {
        paths.map(\.path).joined(separator: ", ")
    }
}
