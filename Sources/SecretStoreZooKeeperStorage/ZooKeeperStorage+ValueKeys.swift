import SecretStoreCore
import SecretStoreZooKeeper

extension ZooKeeperStorage {
    /// How many znodes a listing asks about at once: enough to hide round trips, few enough not to
    /// flood the session's queue.
    static let listingConcurrency = 128

    public func valueKeys(below key: StorageKey) async throws -> [StorageKey] {
        // The listed znode's children within the request's deadline, like any call.
        var pending = try await children(of: key).map { key.appendingValidated($0) }
        var found: [StorageKey] = []
        // Then every znode below is one `getChildren2` call (its children and its own data length),
        // up to `listingConcurrency` in flight, each with a whole operation timeout of its own: a
        // folder of many thousands of secrets takes longer than one timeout in all, and while the
        // listing makes progress it is not cut off. A stalled ZooKeeper still fails it within one
        // timeout of the calls in flight.
        try await withThrowingTaskGroup(of: (StorageKey, Bool, [String]).self) { group in
            var inFlight = 0
            while true {
                while inFlight < Self.listingConcurrency, let node = pending.popLast() {
                    inFlight += 1
                    group.addTask { try await self.listingStep(node) }
                }
                guard let (node, holdsValue, names) = try await group.next() else { break }
                inFlight -= 1
                if holdsValue { found.append(node) }
                pending += names.map { node.appendingValidated($0) }
            }
        }
        return found
    }

    /// Whether `node` holds a value (an empty znode is a folder; a value's record is never empty, it
    /// has a tag byte) and the names of its children; a znode removed meanwhile holds nothing.
    private func listingStep(_ node: StorageKey) async throws -> (StorageKey, Bool, [String]) {
        try await StorageDeadline.runInOwnScope {
            do {
                let (names, stat) = try await mapErrors(key: node) {
                    try await client.childrenAndStat(znodePath(node), deadline: deadline())
                }
                return (node, stat.dataLength > 0, names.filter { StorageKey.isValidComponent($0) })
            } catch let error as ZooKeeperError where error.code == .noNode {
                return (node, false, [])
            }
        }
    }
}
