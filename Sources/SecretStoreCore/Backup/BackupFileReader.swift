import Crypto
import SecretStoreWire

/// Reads a whole backup file (`BackupFileFormat`), refusing it at the first sign of damage: a
/// wrong magic or format, a trailer that does not match, a record cut short, a key that is not a
/// valid storage key or that a backup never carries, a key named twice, bytes after the end.
struct BackupFileReader {
    /// The header.
    let header: BackupHeader
    /// The records in file order, their values as slices of the file.
    let records: [(key: StorageKey, value: ArraySlice<UInt8>)]

    /// Parses `file`; `BackupError.damaged` at the first problem.
    init(_ file: [UInt8]) throws {
        guard file.count >= BackupFileFormat.minimumByteCount,
            file.starts(with: BackupFileFormat.magic)
        else { throw BackupError(.damaged, "the file is not a secret store backup, or it is cut short") }
        let contentEnd = file.count - BackupFileFormat.trailerByteCount
        let digest = Array(Crypto.SHA256.hash(data: file[..<contentEnd]))
        guard digest.elementsEqual(file[contentEnd...]) else {
            throw BackupError(.damaged, "the backup's SHA-256 does not match its content: it is damaged or cut short")
        }
        var cursor = Cursor(bytes: file[..<contentEnd], offset: BackupFileFormat.magic.count)
        guard try cursor.integer(bytes: 1) == BackupFileFormat.version else {
            throw BackupError(.damaged, "the backup's format is not \(BackupFileFormat.version)")
        }
        header = try BackupHeader(decoding: cursor.take(cursor.integer(bytes: 4)))
        guard header.format == Int(BackupFileFormat.version) else {
            throw BackupError(.damaged, "the backup's header names format \(header.format)")
        }
        var records: [(key: StorageKey, value: ArraySlice<UInt8>)] = []
        var seen = Set<StorageKey>()
        while true {
            let kind = try cursor.integer(bytes: 1)
            if kind == UInt64(BackupFileFormat.endKind) { break }
            guard kind == UInt64(BackupFileFormat.recordKind) else {
                throw BackupError(.damaged, "unknown record kind \(kind) at byte \(cursor.offset - 1)")
            }
            let name = try cursor.take(cursor.integer(bytes: 2))
            guard let path = String(validating: name, as: UTF8.self), let key = try? StorageKey(path),
                BackupScope.includes(key)
            else { throw BackupError(.damaged, "a record at byte \(cursor.offset) has a key a backup cannot hold") }
            guard seen.insert(key).inserted else { throw BackupError(.damaged, "the backup holds \(key) twice") }
            records.append((key, try cursor.take(cursor.integer(bytes: 4))))
        }
        guard cursor.offset == contentEnd else {
            throw BackupError(.damaged, "the backup has bytes after its end")
        }
        self.records = records
    }

    /// A position in the file's content; every read past its end is damage.
    private struct Cursor {
        let bytes: ArraySlice<UInt8>
        var offset: Int

        mutating func integer(bytes count: Int) throws -> UInt64 {
            try take(UInt64(count)).reduce(0) { $0 << 8 | UInt64($1) }
        }

        mutating func take(_ count: UInt64) throws -> ArraySlice<UInt8> {
            guard count <= UInt64(bytes.endIndex - offset) else {
                throw BackupError(.damaged, "the backup is cut short at byte \(offset)")
            }
            let end = offset + Int(count)
            defer { offset = end }
            return bytes[offset..<end]
        }
    }
}
