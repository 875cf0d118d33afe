/// The framing of a backup file (contract §9), shared by the server that writes and reads it and
/// the CLI that checks it before keeping it:
///
/// ```
/// "SSBK" | format (1 byte) | header length (4 bytes, big-endian) | header (JSON)
/// records: kind 1 (1 byte) | key length (2) | key (UTF-8) | value length (4) | value
/// end: kind 0 (1 byte)
/// trailer: SHA-256 of every byte before it (32 bytes)
/// ```
///
/// Lengths are big-endian. The values are the stored ones, still encrypted where the store keeps
/// them encrypted; the trailer detects damage, not forgery.
public enum BackupFileFormat {
    /// The first four bytes of every backup file.
    public static let magic: [UInt8] = Array("SSBK".utf8)
    /// The only format version written so far.
    public static let version: UInt8 = 1
    /// The kind byte of a record.
    public static let recordKind: UInt8 = 1
    /// The kind byte that ends the records.
    public static let endKind: UInt8 = 0
    /// The size of the SHA-256 trailer.
    public static let trailerByteCount = 32
    /// The media type backups travel as, both ways.
    public static let contentType = "application/octet-stream"
    /// The smallest file that can be whole: magic, version, an empty header's length, the end and
    /// the trailer.
    public static let minimumByteCount = magic.count + 1 + 4 + 1 + trailerByteCount
}
