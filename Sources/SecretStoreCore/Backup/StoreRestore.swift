import Foundation
import Logging

/// Restores a backup (contract §9) into an empty root: one never initialised and holding no
/// secret (identity records, such as the configured superuser, do not count).
///
/// The whole file is read and checked before anything is written (`BackupContents`). Writes go in
/// an order that keeps the root uninitialised until the last one:
///
/// 1. `restore/pending` is created (or taken over from an interrupted restore);
/// 2. what the root holds in the backup's scope is deleted (the target's own identity, a partial
///    earlier restore), and every record but the seal's and the identity journal is written, in
///    batches;
/// 3. one atomic batch creates the seal configuration, the keyring and the bootstrap key, bumps
///    the identity journal with a "reload everything" entry, adds the restored secrets to the
///    capacity ledger's settled usage, deletes `restore/pending` and leaves `keys/rotate-on-unseal`
///    (the first unseal adds a data-key term, so the copy and the original never share the newest).
///
/// Interrupted before step 3, the root is still not initialised and a retry starts over; after
/// it, the store is whole and sealed, and unseals as the backup's configuration says. Then every
/// `RestoreDependent` drops what it had cached of the old root.
public final class StoreRestore: Sendable {
    let storage: any Storage
    let storeID: String
    let dependents: [any RestoreDependent]
    /// The capacity budget (`--max-store-bytes`, `--max-secrets`) the restored secrets must fit in,
    /// if the store has one.
    let budget: CapacityAmount?
    let logger: Logger
    /// One restore at a time in this process, however many routers (listeners) serve it.
    private static let turn = AsyncGate()

    /// Records written in one batch, and bytes of values in one batch, at most.
    static let batchRecords = 32
    static let batchBytes = 512 * 1024

    /// What a restore wrote.
    public struct Summary: Sendable, Hashable {
        /// Records written, the seal's included.
        public var records: Int
        /// Secrets written.
        public var secrets: Int
        /// The backup's header.
        public var header: BackupHeader
    }

    /// Restores into `storage` for store `storeID`, within `budget` if given, then tells
    /// `dependents`.
    public init(
        storage: any Storage, storeID: String = "default", dependents: [any RestoreDependent] = [],
        budget: CapacityAmount? = nil, logger: Logger = Logger(label: "secretstore.restore")
    ) {
        self.storage = storage
        self.storeID = storeID
        self.dependents = dependents
        self.budget = budget
        self.logger = logger
    }

    /// Checks `file` whole, then writes it. `BackupError.damaged` (nothing written) for a damaged
    /// file; `.notEmpty` for a root that is initialised or holds secrets; `SecretError`
    /// `.insufficientStorage` (nothing written) for secrets that exceed the capacity budget, which
    /// the empty root's whole budget is.
    @discardableResult
    public func restore(_ file: [UInt8]) async throws -> Summary {
        let contents = try BackupContents(
            file: file, storeID: storeID, maximumValueSize: storage.maximumValueSize)
        if let budget, !contents.secretUsage.fits(within: budget) {
            throw CapacityAccountant.refusal(contents.secretUsage, budget)
        }
        let summary = try await Self.turn.withTurn { try await write(contents) }
        for dependent in dependents {
            do {
                try await dependent.storeWasRestored()
            } catch {
                // The restore is written whatever happens here: a part that cannot reload now does
                // at its next change notification or restart, so this is reported, not failed.
                logger.warning(
                    "A part of the server could not reload after the restore", metadata: ["error": "\(error)"])
            }
        }
        logger.notice(
            "Restored a backup: the store is sealed until unsealed with the backup's shares",
            metadata: [
                "records": "\(summary.records)", "secrets": "\(summary.secrets)",
                "created": "\(summary.header.created)", "mode": "\(summary.header.mode)",
            ])
        return summary
    }

    private func write(_ contents: BackupContents) async throws -> Summary {
        let pending = try await claimRoot()
        try await clearScope()
        var batch: [StorageMutation] = []
        var bytes = 0
        for (key, value) in contents.records {
            if !batch.isEmpty, batch.count >= Self.batchRecords || bytes + value.count > Self.batchBytes {
                try await commit(batch)
                batch = []
                bytes = 0
            }
            batch.append(.create(key, Array(value)))
            bytes += value.count
        }
        if !batch.isEmpty { try await commit(batch) }
        try await finish(contents, pending: pending)
        return Summary(
            records: contents.records.count + contents.sealRecords.count + 1, secrets: contents.secretUsage.secrets,
            header: contents.header)
    }

    /// Checks that the root is empty and marks it as being restored; the marker's version.
    private func claimRoot() async throws -> StorageVersion {
        try await StorageDeadline.runInOwnScope {
            for key in [StoreLayout.sealConfiguration, StoreLayout.keyring] {
                guard try await storage.read(key) == nil else {
                    throw BackupError(.notEmpty, "the store is initialised: restore only into an empty root")
                }
            }
            let marker = Array(#"{"started":"\#(ISO8601DateFormatter().string(from: Date()))"}"#.utf8)
            if let pending = try await storage.read(BackupScope.restorePending) {
                // An interrupted restore: its partial data is cleared and written again.
                try await storage.update(BackupScope.restorePending, marker, expected: pending.version)
                // One interrupted before the root claim existed claims the root now.
                if try await storage.read(StoreLayout.rootClaim) == nil {
                    try await storage.create(StoreLayout.rootClaim, StoreLayout.rootClaimRecord(by: "restore"))
                }
            } else {
                guard try await storage.valueKeys(below: StoreLayout.secrets(of: storeID)).isEmpty else {
                    throw BackupError(.notEmpty, "the store holds secrets: restore only into an empty root")
                }
                do {
                    // Atomically with the marker: an initialisation that claimed the root first
                    // fails this, and one that comes later fails on the claim.
                    try await storage.commit([
                        .create(BackupScope.restorePending, marker),
                        .create(StoreLayout.rootClaim, StoreLayout.rootClaimRecord(by: "restore")),
                    ])
                } catch let error as StorageError where error.code == .alreadyExists {
                    if try await storage.read(BackupScope.restorePending) != nil {
                        throw BackupError(.conflict, "another restore is running")
                    }
                    throw BackupError(.notEmpty, "the store was initialised: restore only into an empty root")
                }
            }
            guard let marked = try await storage.read(BackupScope.restorePending) else {
                throw BackupError(.conflict, "another restore is running")
            }
            return marked.version
        }
    }

    /// Deletes every record of the backup's scope the root holds (but the journal, which the last
    /// batch moves on): the target's own identity, or an interrupted restore's records.
    private func clearScope() async throws {
        var keys: [StorageKey] = []
        for folder in BackupScope.folders {
            keys += try await StorageDeadline.runInOwnScope { try await storage.valueKeys(below: folder) }
        }
        keys = keys.filter { $0 != IdentityRecordKey.revision } + Array(BackupScope.singles)
        for start in stride(from: 0, to: keys.count, by: Self.batchRecords) {
            let batch = keys[start..<min(start + Self.batchRecords, keys.count)]
            do {
                try await commit(batch.map { .delete($0, expected: nil) })
            } catch let error as StorageError where error.code == .notFound {
                // Some were gone already (a single key that never existed): one at a time.
                for key in batch {
                    do { try await commit([.delete(key, expected: nil)]) } catch let error as StorageError
                        where error.code == .notFound
                    {}
                }
            }
        }
    }

    /// The last batch: the seal's records, the journal, the ledger, and the marker's removal.
    private func finish(_ contents: BackupContents, pending: StorageVersion) async throws {
        for _ in 0..<8 {
            let (revision, ledger) = try await StorageDeadline.runInOwnScope {
                (
                    try await storage.read(IdentityRecordKey.revision),
                    try await storage.read(CapacityAccountant.ledgerKey)
                )
            }
            var mutations: [StorageMutation] = contents.sealRecords.map { .create($0.key, $0.value) }
            mutations.append(try journalMutation(current: revision, backup: contents.journal))
            var settled = try ledger.map { try CapacityLedger(decoding: $0.bytes) } ?? CapacityLedger(settled: .zero)
            settled.settled += contents.secretUsage
            if let ledger {
                mutations.append(.update(CapacityAccountant.ledgerKey, try settled.encoded(), expected: ledger.version))
            } else {
                mutations.append(.create(CapacityAccountant.ledgerKey, try settled.encoded()))
            }
            mutations.append(.delete(BackupScope.restorePending, expected: pending))
            if try await StorageDeadline.runInOwnScope({ try await storage.read(BackupScope.rotateOnUnseal) }) == nil {
                let marker = #"{"restored":"\#(ISO8601DateFormatter().string(from: Date()))"}"#
                mutations.append(.create(BackupScope.rotateOnUnseal, Array(marker.utf8)))
            }
            do {
                try await commit(mutations)
                return
            } catch let error as StorageError where error.code == .versionConflict || error.code == .alreadyExists {
                // The ledger's renewals and identity writes move on meanwhile: read again. Another
                // restore or an initialisation does not: that ends this one.
                let marker = try await StorageDeadline.runInOwnScope {
                    try await storage.read(BackupScope.restorePending)
                }
                guard marker?.version == pending else {
                    throw BackupError(.conflict, "another restore took over this one")
                }
                if try await StorageDeadline.runInOwnScope({ try await storage.read(StoreLayout.sealConfiguration) })
                    != nil
                {
                    throw BackupError(.notEmpty, "the store was initialised during the restore")
                }
            }
        }
        throw BackupError(.conflict, "the store kept changing during the restore: try again")
    }

    /// The journal after the restore: past both the root's and the backup's counters, with one
    /// entry that lists no keys, so every instance reloads all identity data.
    private func journalMutation(current: VersionedValue?, backup: IdentityJournal?) throws -> StorageMutation {
        var counter = backup?.counter ?? 0
        if let current {
            let journal = try JSONDecoder().decode(IdentityJournal.self, from: Data(current.bytes))
            counter = max(counter, journal.counter)
        }
        counter += 1
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let bytes = Array(
            try encoder.encode(IdentityJournal(counter: counter, entries: [.init(counter: counter, keys: nil)])))
        guard let current else { return .create(IdentityRecordKey.revision, bytes) }
        return .update(IdentityRecordKey.revision, bytes, expected: current.version)
    }

    private func commit(_ mutations: [StorageMutation]) async throws {
        try await StorageDeadline.runInOwnScope { try await storage.commit(mutations) }
    }
}
