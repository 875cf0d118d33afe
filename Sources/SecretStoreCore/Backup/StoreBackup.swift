import Foundation
import SecretStoreWire

/// Writes a backup of one store (contract §9) from storage as it is while writes go on: no global
/// snapshot, but an order of reads that makes the file consistent.
///
/// 1. The seal configuration's version is noted first.
/// 2. Keys are listed after the backup began, so everything acknowledged before it is listed;
///    each value is read whole (storage never shows part of one), so every secret in the file is a
///    value that was acknowledged at some time. A key deleted meanwhile is left out.
/// 3. Identity is read between two reads of its journal, again until they agree.
/// 4. Last the keyring and the seal configuration: terms are only ever added, so the keyring read
///    after every envelope has each term they name; if the configuration changed (a rekey), the
///    file is left without its trailer, which every reader refuses.
///
/// Values are copied as stored, still encrypted; nothing is decrypted. Reads go in batches, each
/// under a storage deadline of its own, so a large store streams for as long as the client reads.
public struct StoreBackup: Sendable {
    let storage: any Storage
    let storeID: String
    /// Keys read at once.
    let batchSize: Int

    /// What a finished backup held.
    public struct Summary: Sendable, Hashable {
        /// Records in the file.
        public var records: Int
        /// Secrets in the file.
        public var secrets: Int
        /// Bytes of the secrets' stored values.
        public var secretBytes: Int
        /// Bytes of the whole file.
        public var fileBytes: Int
    }

    /// A backup of the store `storeID` kept in `storage`.
    public init(storage: any Storage, storeID: String = "default", batchSize: Int = 64) {
        self.storage = storage
        self.storeID = storeID
        self.batchSize = batchSize
    }

    /// Writes the whole file into `sink`, piece by piece. `BackupError.notInitialized` (before
    /// anything is written) if the store was never initialised; an error after the first piece
    /// means the file is incomplete.
    @discardableResult
    public func write(
        created: Date = Date(), serverVersion: String = ServerVersion.version,
        to sink: ([UInt8]) async throws -> Void
    ) async throws -> Summary {
        let (configuration, clusterID) = try await StorageDeadline.runInOwnScope {
            (try await storage.read(StoreLayout.sealConfiguration), try await storage.read(StoreLayout.clusterID))
        }
        guard let configuration else {
            throw BackupError(.notInitialized, "the store is not initialised: there is nothing to back up")
        }
        let mode = try SealConfiguration(decoding: configuration.bytes).mode
        let header = BackupHeader(
            format: Int(BackupFileFormat.version), storeID: storeID, created: created,
            clusterID: clusterID.map { String(decoding: $0.bytes, as: UTF8.self) }, mode: mode.rawValue,
            serverVersion: serverVersion)
        var file = try BackupFileWriter(header: header)
        var summary = Summary(records: 0, secrets: 0, secretBytes: 0, fileBytes: 0)
        let secrets = StorageKey(validated: ["secrets"])
        for folder in BackupScope.folders where folder != IdentityRecordKey.root {
            let keys = try await StorageDeadline.runInOwnScope { try await storage.valueKeys(below: folder) }
            for batch in keys.sorted().chunked(batchSize) {
                for (key, value) in try await read(batch) {
                    if let piece = try file.append(key, value.bytes) { try await sink(piece) }
                    summary.records += 1
                    if folder == secrets {
                        summary.secrets += 1
                        summary.secretBytes += value.bytes.count
                    }
                }
            }
        }
        for (key, value) in try await identityRecords() {
            if let piece = try file.append(key, value) { try await sink(piece) }
            summary.records += 1
        }
        if let clusterID {
            if let piece = try file.append(StoreLayout.clusterID, clusterID.bytes) { try await sink(piece) }
            summary.records += 1
        }
        let sealRecords = try await read(BackupScope.sealRecords)
        guard sealRecords.first(where: { $0.0 == StoreLayout.sealConfiguration })?.1.version == configuration.version
        else { throw BackupError(.conflict, "the seal configuration changed during the backup (a rekey?): try again") }
        for (key, value) in sealRecords {
            if let piece = try file.append(key, value.bytes) { try await sink(piece) }
            summary.records += 1
        }
        try await sink(file.finish())
        summary.fileBytes = file.byteCount
        return summary
    }

    /// The values at `keys` that exist, in the order given, read at once under one deadline.
    private func read(_ keys: [StorageKey]) async throws -> [(StorageKey, VersionedValue)] {
        let storage = self.storage
        return try await StorageDeadline.runInOwnScope {
            try await withThrowingTaskGroup(of: (Int, VersionedValue?).self) { group in
                for (index, key) in keys.enumerated() { group.addTask { (index, try await storage.read(key)) } }
                var values = [VersionedValue?](repeating: nil, count: keys.count)
                for try await (index, value) in group { values[index] = value }
                return zip(keys, values).compactMap { key, value in value.map { (key, $0) } }
            }
        }
    }

    /// Every identity record, read between two reads of the journal that agree (identity writes
    /// commit with the journal, so the records then belong together).
    private func identityRecords() async throws -> [(StorageKey, [UInt8])] {
        for _ in 0..<5 {
            let before = try await StorageDeadline.runInOwnScope {
                try await storage.read(IdentityRecordKey.revision)
            }
            let keys = try await StorageDeadline.runInOwnScope {
                try await storage.valueKeys(below: IdentityRecordKey.root)
            }
            var records: [(StorageKey, [UInt8])] = []
            for batch in keys.filter({ $0 != IdentityRecordKey.revision }).sorted().chunked(batchSize) {
                records += try await read(batch).map { ($0.0, $0.1.bytes) }
            }
            let after = try await StorageDeadline.runInOwnScope {
                try await storage.read(IdentityRecordKey.revision)
            }
            guard before == after else { continue }
            if let before { records.append((IdentityRecordKey.revision, before.bytes)) }
            return records
        }
        throw BackupError(.conflict, "identity data kept changing during the backup: try again")
    }
}

extension Array {
    /// The elements in consecutive runs of at most `size`.
    fileprivate func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
