import Crypto
import SecretStoreWire

/// Frames a backup file (`BackupFileFormat`) and hands it out in pieces of about `pieceSize`
/// bytes, hashing as it goes, so that a backup of any size is never held whole.
struct BackupFileWriter {
    private var hasher = Crypto.SHA256()
    private var pending: [UInt8] = []
    private let pieceSize: Int
    /// Bytes handed out so far, the trailer included once finished.
    private(set) var byteCount = 0

    /// A writer that starts the file with `header`.
    init(header: BackupHeader, pieceSize: Int = 256 * 1024) throws {
        self.pieceSize = pieceSize
        let json = try header.encoded()
        pending.reserveCapacity(pieceSize + 64)
        pending += BackupFileFormat.magic
        pending.append(BackupFileFormat.version)
        pending += Self.bigEndian(UInt32(json.count), bytes: 4)
        pending += json
    }

    /// Adds one record; the next piece of the file once one is full.
    mutating func append(_ key: StorageKey, _ value: [UInt8]) throws -> [UInt8]? {
        let name = Array(key.path.utf8)
        guard name.count <= Int(UInt16.max), value.count <= Int(UInt32.max) else {
            throw StorageError(.tooLarge, "the value at \(key) does not fit a backup record")
        }
        pending.append(BackupFileFormat.recordKind)
        pending += Self.bigEndian(UInt32(name.count), bytes: 2)
        pending += name
        pending += Self.bigEndian(UInt32(value.count), bytes: 4)
        pending += value
        guard pending.count >= pieceSize else { return nil }
        hasher.update(data: pending)
        defer {
            pending = []
            pending.reserveCapacity(pieceSize + 64)
        }
        byteCount += pending.count
        return pending
    }

    /// Ends the records and adds the trailer: the last piece. Until it is handed on, the file is
    /// incomplete, and any reader refuses it.
    mutating func finish() -> [UInt8] {
        pending.append(BackupFileFormat.endKind)
        hasher.update(data: pending)
        pending += Array(hasher.finalize())
        defer { pending = [] }
        byteCount += pending.count
        return pending
    }

    static func bigEndian(_ value: UInt32, bytes: Int) -> [UInt8] {
        (0..<bytes).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
    }
}
