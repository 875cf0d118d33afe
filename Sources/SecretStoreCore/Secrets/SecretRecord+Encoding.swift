extension SecretRecord {
    /// The first byte of every encoding; a new layout gets a new number.
    static let formatVersion: UInt8 = 1

    /// The record as compact bytes, for the barrier to encrypt:
    ///
    /// ```
    /// format (1 byte, 1) · kind (1 byte) · created (8 bytes, ms since 1970, big-endian)
    /// author (4-byte length, UTF-8) · description (1 byte 0/1, then 4-byte length, UTF-8 if 1)
    /// labels (4-byte count, then each 4-byte length, UTF-8) · value (4-byte length, bytes)
    /// ```
    ///
    /// Lengths are big-endian `UInt32`. The value comes last and is copied once, into an array
    /// allocated at its final size.
    public func encoded() -> [UInt8] {
        let labelBytes = labels.reduce(0) { $0 + 4 + $1.utf8.count }
        let capacity =
            2 + 8 + 4 + author.utf8.count + 1 + (description.map { 4 + $0.utf8.count } ?? 0) + 4 + labelBytes + 4
            + value.count
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        bytes.append(Self.formatVersion)
        bytes.append(kind.rawValue)
        bytes.appendBigEndian(UInt64(bitPattern: createdMilliseconds))
        bytes.appendLengthPrefixed(author.utf8)
        if let description {
            bytes.append(1)
            bytes.appendLengthPrefixed(description.utf8)
        } else {
            bytes.append(0)
        }
        bytes.appendBigEndian(Self.length(labels.count))
        for label in labels {
            bytes.appendLengthPrefixed(label.utf8)
        }
        bytes.appendLengthPrefixed(value)
        return bytes
    }

    /// Decodes `encoded()`'s bytes. Throws `StorageError.corrupted` for an unknown format or kind,
    /// a length past the end, invalid UTF-8 (in the strings, and in the value of a text secret),
    /// or trailing bytes; never traps, whatever the input.
    public init(decoding bytes: [UInt8]) throws(StorageError) {
        var reader = SecretRecordReader(bytes)
        guard try reader.byte() == Self.formatVersion else { throw SecretRecordReader.corrupted("unknown format") }
        guard let kind = SecretKind(rawValue: try reader.byte()) else {
            throw SecretRecordReader.corrupted("unknown kind")
        }
        let created = Int64(bitPattern: try reader.uint64())
        let author = try reader.string()
        let description: String?
        switch try reader.byte() {
        case 0: description = nil
        case 1: description = try reader.string()
        default: throw SecretRecordReader.corrupted("bad description flag")
        }
        let labelCount = try reader.length()
        var labels: [String] = []
        // Each label takes at least its 4-byte length, so a forged count cannot reserve more than
        // the input could hold.
        labels.reserveCapacity(min(labelCount, reader.remaining / 4))
        for _ in 0..<labelCount {
            labels.append(try reader.string())
        }
        let value = try reader.slice(count: try reader.length())
        guard reader.remaining == 0 else { throw SecretRecordReader.corrupted("trailing bytes") }
        if kind == .text, String(validating: value, as: UTF8.self) == nil {
            throw SecretRecordReader.corrupted("a text value that is not UTF-8")
        }
        self.init(
            kind: kind, value: Array(value), author: author, createdMilliseconds: created, description: description,
            labels: labels)
    }

    /// `count` as a stored length. Values are bounded by the size limit (MiBs), far below 4 GiB.
    private static func length(_ count: Int) -> UInt32 {
        guard let length = UInt32(exactly: count) else { preconditionFailure("a secret field over 4 GiB") }
        return length
    }
}

extension [UInt8] {
    fileprivate mutating func appendBigEndian(_ value: some FixedWidthInteger) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }

    fileprivate mutating func appendLengthPrefixed(_ field: some Collection<UInt8>) {
        guard let length = UInt32(exactly: field.count) else { preconditionFailure("a secret field over 4 GiB") }
        appendBigEndian(length)
        append(contentsOf: field)
    }
}
