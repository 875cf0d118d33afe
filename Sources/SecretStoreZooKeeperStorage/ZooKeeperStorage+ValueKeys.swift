import SecretStoreCore
import SecretStoreZooKeeper

extension ZooKeeperStorage {
    /// How many znodes a listing asks about at once: enough to hide round trips, few enough not to
    /// flood the session's queue.
    static let listingConcurrency = 64

    public func valueKeys(below key: StorageKey) async throws -> [StorageKey] {
        var found: [StorageKey] = []
        // Breadth first, one level at a time; each znode costs one `children` and one `exists` call,
        // sent concurrently in batches.
        var level = try await children(of: key).map { key.appendingValidated($0) }
        while !level.isEmpty {
            var next: [StorageKey] = []
            for start in stride(from: 0, to: level.count, by: Self.listingConcurrency) {
                let batch = level[start..<min(start + Self.listingConcurrency, level.count)]
                try await withThrowingTaskGroup(of: (StorageKey, Bool, [String]).self) { group in
                    for node in batch {
                        group.addTask {
                            async let names = self.children(of: node)
                            let stat = try await self.mapErrors(key: node) {
                                try await self.client.exists(self.znodePath(node), deadline: self.deadline())
                            }
                            // An empty znode is a folder; a value's record is never empty (it has a tag byte).
                            return (node, (stat?.dataLength ?? 0) > 0, try await names)
                        }
                    }
                    for try await (node, holdsValue, names) in group {
                        if holdsValue { found.append(node) }
                        next += names.map { node.appendingValidated($0) }
                    }
                }
            }
            level = next
        }
        return found
    }
}
