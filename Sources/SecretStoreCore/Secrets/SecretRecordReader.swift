/// Reads the fields of an encoded `SecretRecord`, checking every length against what is left.
struct SecretRecordReader {
    private let bytes: [UInt8]
    private var index: Int

    /// A reader at the start of `bytes`.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    /// How many bytes are left.
    var remaining: Int { bytes.endIndex - index }

    /// The error for malformed input; says what was wrong, never what the bytes were.
    static func corrupted(_ reason: String) -> StorageError {
        StorageError(.corrupted, "a stored secret does not decode: \(reason)")
    }

    /// The next `count` bytes.
    mutating func slice(count: Int) throws(StorageError) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else { throw Self.corrupted("a length runs past the end") }
        defer { index += count }
        return bytes[index..<index + count]
    }

    /// The next byte.
    mutating func byte() throws(StorageError) -> UInt8 {
        try slice(count: 1).first!
    }

    /// The next big-endian `UInt64`.
    mutating func uint64() throws(StorageError) -> UInt64 {
        try slice(count: 8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The next big-endian `UInt32`, as a length or count.
    mutating func length() throws(StorageError) -> Int {
        Int(try slice(count: 4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    /// A length-prefixed UTF-8 string.
    mutating func string() throws(StorageError) -> String {
        let field = try slice(count: try length())
        guard let string = String(validating: field, as: UTF8.self) else {
            throw Self.corrupted("a string that is not UTF-8")
        }
        return string
    }
}
