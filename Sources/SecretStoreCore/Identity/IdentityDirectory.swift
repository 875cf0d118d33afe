import Foundation
import Logging
import SecretStoreConcurrency
import ServiceLifecycle
import Synchronization

/// Users, groups and ACLs, kept in storage under `identity/` and shared by every server instance.
///
/// Every instance holds an `IdentitySnapshot` in memory, so that checking a request costs no
/// storage round trip. Writes are serialised across the cluster by the journal record: each write
/// commits its records together with the journal, checking the journal's version, so two writers
/// never both succeed from the same state (no lost grant). Other instances watch the journal and
/// catch up by reading just the records the journal lists.
///
/// As a `Service` it keeps the snapshot current until graceful shutdown.
public final class IdentityDirectory: Service, Sendable {
    let storage: any Storage
    let logger: Logger
    private let current = Mutex(IdentitySnapshot())
    let writes = AsyncGate()

    /// A directory over `storage`; call `refresh()` (or `open`) before serving requests.
    public init(storage: any Storage, logger: Logger) {
        self.storage = storage
        self.logger = logger
    }

    /// A directory loaded from `storage`.
    public static func open(storage: any Storage, logger: Logger) async throws -> IdentityDirectory {
        let directory = IdentityDirectory(storage: storage, logger: logger)
        try await directory.refresh()
        return directory
    }

    /// The latest snapshot this instance has.
    public var snapshot: IdentitySnapshot { current.withLock { $0 } }

    /// Watches the journal and refreshes the snapshot whenever another instance writes.
    public func run() async throws {
        let changes = try await storage.watch(IdentityRecordKey.revision)
        await refreshRetrying()
        await cancelWhenGracefulShutdown {
            for await _ in changes {
                await self.refreshRetrying()
            }
        }
    }

    /// Refreshes until it succeeds (or the task is cancelled), so that a storage outage delays
    /// changes from other instances but never loses them.
    private func refreshRetrying() async {
        _ = await retrying(with: Backoff(initial: .milliseconds(100), maximum: .seconds(5))) {
            try await refresh()
        } failed: { error in
            logger.warning("Cannot refresh identity data; retrying", metadata: ["error": "\(error)"])
        }
    }

    /// Brings the snapshot up to the stored journal: reads the records changed since, or everything
    /// if this instance is too far behind. The result is consistent: it is installed only if the
    /// journal did not move while the records were read.
    public func refresh() async throws {
        for _ in 0..<8 {
            let base = snapshot
            let head = try await storage.read(IdentityRecordKey.revision)
            if head?.version == base.revisionVersion, head != nil || base.journal.counter == 0 { return }
            var next = base
            var journal = IdentityJournal(counter: 0, entries: [])
            if let head {
                journal = try decode(IdentityJournal.self, head.bytes, at: IdentityRecordKey.revision)
            }
            if base.revisionVersion != nil, let keys = journal.keysChanged(since: base.journal.counter) {
                try await read(keys.compactMap { try? StorageKey($0) }, into: &next)
            } else {
                next = try await loadEverything()
            }
            let confirm = try await storage.read(IdentityRecordKey.revision)
            guard confirm?.version == head?.version else { continue }
            next.journal = journal
            next.revisionVersion = head?.version
            next.reindex()
            // No journal, or one whose counter went backwards, means the identity data was removed
            // (and perhaps written afresh) by hand: what was just read wins.
            install(next, evenIfOlder: head == nil || journal.counter < base.journal.counter)
            return
        }
        throw StorageError(.unavailable, "identity data kept changing while it was being read")
    }

    /// Replaces the snapshot unless a newer one is already installed (a concurrent refresh may have
    /// got further than this one).
    private func install(_ next: IdentitySnapshot, evenIfOlder: Bool) {
        current.withLock { installed in
            if evenIfOlder || installed.revisionVersion == nil || next.journal.counter >= installed.journal.counter {
                installed = next
            }
        }
    }

    private func loadEverything() async throws -> IdentitySnapshot {
        var keys: [StorageKey] = []
        for folder in [IdentityRecordKey.users, IdentityRecordKey.groups, IdentityRecordKey.acls] {
            keys += try await storage.children(of: folder).map { folder.appendingValidated($0) }
        }
        var snapshot = IdentitySnapshot()
        try await read(keys, into: &snapshot)
        return snapshot
    }

    /// Reads `keys` (at most 32 at a time) and puts what they hold, or their absence, into `snapshot`.
    private func read(_ keys: [StorageKey], into snapshot: inout IdentitySnapshot) async throws {
        let storage = self.storage
        try await withThrowingTaskGroup(of: (StorageKey, VersionedValue?).self) { group in
            var pending = keys[...]
            for _ in 0..<32 {
                guard let key = pending.popFirst() else { break }
                group.addTask { (key, try await storage.read(key)) }
            }
            while let (key, value) = try await group.next() {
                if let key = pending.popFirst() { group.addTask { (key, try await storage.read(key)) } }
                try apply(value, at: key, to: &snapshot)
            }
        }
    }

    private func apply(_ value: VersionedValue?, at key: StorageKey, to snapshot: inout IdentitySnapshot) throws {
        guard let record = IdentityRecordKey.record(at: key) else { return }
        switch record {
        case .user(let uid):
            snapshot.setUser(
                try value.map { try decode(User.self, $0.bytes, at: key) }, uid: uid, version: value?.version)
        case .group(let gid):
            snapshot.setGroup(
                try value.map { try decode(Group.self, $0.bytes, at: key) }, gid: gid, version: value?.version)
        case .acl(let rid):
            snapshot.setACL(
                try value.map { try decode(ResourceACL.self, $0.bytes, at: key) }, rid: rid, version: value?.version)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], at key: StorageKey) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw StorageError(.corrupted, "identity record \(key) does not decode")
        }
    }
}
