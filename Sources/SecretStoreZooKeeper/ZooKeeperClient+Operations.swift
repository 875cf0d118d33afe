extension ZooKeeperClient {
    /// Reads a node; throws `.noNode` if it does not exist.
    public func get(_ path: String, deadline: ContinuousClock.Instant? = nil) async throws -> ZooKeeperNode {
        try await operationTimers.time(.get) {
            try await withSession(deadline: deadline) { try await $0.get(path, deadline: $1) }
        }
    }

    /// A node's metadata, or `nil` if it does not exist.
    public func exists(_ path: String, deadline: ContinuousClock.Instant? = nil) async throws -> ZooKeeperStat? {
        try await operationTimers.time(.exists) {
            try await withSession(deadline: deadline) { try await $0.exists(path, deadline: $1) }
        }
    }

    /// Creates a persistent node with this client's ACL. Like every write, it may travel to the
    /// server in one `multi` with others (see `write(_:deadline:batched:)`) unless `batched` is
    /// false; its outcome is the same.
    public func create(
        _ path: String, data: [UInt8], deadline: ContinuousClock.Instant? = nil, batched: Bool = true
    ) async throws {
        try await operationTimers.time(.create) {
            _ = try await write([.create(path: path, data: data)], deadline: deadline, batched: batched)
        }
    }

    /// Replaces a node's data if its version matches (`-1`: any).
    @discardableResult
    public func set(
        _ path: String, data: [UInt8], version: Int32, deadline: ContinuousClock.Instant? = nil
    ) async throws -> ZooKeeperStat {
        try await operationTimers.time(.set) {
            let stats = try await write([.set(path: path, data: data, version: version)], deadline: deadline)
            guard let stat = stats.first ?? nil else {
                throw ZooKeeperError(.systemError, operation: "zoo_aset", path: path)
            }
            return stat
        }
    }

    /// Deletes a childless node if its version matches (`-1`: any).
    public func delete(_ path: String, version: Int32, deadline: ContinuousClock.Instant? = nil) async throws {
        try await operationTimers.time(.delete) {
            _ = try await write([.delete(path: path, version: version)], deadline: deadline)
        }
    }

    /// The names of a node's children.
    public func children(_ path: String, deadline: ContinuousClock.Instant? = nil) async throws -> [String] {
        try await operationTimers.time(.children) {
            try await withSession(deadline: deadline) { try await $0.children(path, deadline: $1) }
        }
    }

    /// The names of a node's children and the node's own metadata, in one round trip; throws
    /// `.noNode` if it does not exist.
    public func childrenAndStat(
        _ path: String, deadline: ContinuousClock.Instant? = nil
    ) async throws -> (names: [String], stat: ZooKeeperStat) {
        try await operationTimers.time(.children) {
            try await withSession(deadline: deadline) { try await $0.childrenAndStat(path, deadline: $1) }
        }
    }

    /// Applies every operation or none; batched with other writes unless `batched` is false.
    public func multi(
        _ operations: [ZooKeeperOperation], deadline: ContinuousClock.Instant? = nil, batched: Bool = true
    ) async throws {
        guard !operations.isEmpty else { return }
        try await operationTimers.time(.multi) {
            _ = try await write(operations, deadline: deadline, batched: batched)
        }
    }

    /// Creates `path` and any missing ancestors, all with empty data; existing nodes are left alone.
    ///
    /// Tries the deepest node first and climbs only while a parent is missing, so when the parent
    /// exists (the common case) this is one round trip.
    public func ensurePath(_ path: String, deadline: ContinuousClock.Instant? = nil) async throws {
        let deadline = deadline ?? defaultDeadline()
        guard path != "/", !path.isEmpty else { return }
        do {
            try await create(path, data: [], deadline: deadline)
        } catch let error as ZooKeeperError where error.code == .nodeExists {
            return
        } catch let error as ZooKeeperError where error.code == .noNode {
            let parent = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
            try await ensurePath(parent, deadline: deadline)
            do {
                try await create(path, data: [], deadline: deadline)
            } catch let error as ZooKeeperError where error.code == .nodeExists {
                return
            }
        }
    }
}
