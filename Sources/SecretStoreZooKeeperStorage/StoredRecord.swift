import SecretStoreCore

/// What a key's znode holds, as bytes: nothing (a folder only), the value inline, or a manifest
/// pointing at an immutable chunk set.
///
/// Layout: empty = no value; `0x01` + value; `0x02` + chunk set id (16 bytes) + total length
/// (8 bytes, big-endian) + chunk count (4 bytes, big-endian); or the value itself when it is not
/// empty and starts with neither tag byte. The last form keeps text values, such as the bootstrap
/// key's base64 at `keys/bootstrap_user.key`, readable as they are with ZooKeeper's own tools.
enum StoredRecord: Hashable, Sendable {
    case folder
    case inline([UInt8])
    case chunked(ChunkManifest)

    static let inlineTag: UInt8 = 0x01
    static let chunkedTag: UInt8 = 0x02

    init(decoding data: [UInt8], key: StorageKey) throws {
        guard let tag = data.first else {
            self = .folder
            return
        }
        switch tag {
        case Self.inlineTag:
            self = .inline(Array(data[1...]))
        case Self.chunkedTag:
            guard data.count == 29 else { throw StorageError(.corrupted, "the record at \(key) does not decode") }
            let id = data[1..<17].map { byte in String(byte, radix: 16).leftPadded(to: 2) }.joined()
            let length = data[17..<25].reduce(0) { $0 << 8 | Int($1) }
            let count = data[25..<29].reduce(0) { $0 << 8 | Int($1) }
            self = .chunked(ChunkManifest(id: id, length: length, count: count))
        default:
            self = .inline(data)
        }
    }

    var encoded: [UInt8] {
        switch self {
        case .folder:
            return []
        case .inline(let value) where !value.isEmpty && value[0] != Self.inlineTag && value[0] != Self.chunkedTag:
            return value
        case .inline(let value):
            var bytes = [UInt8]()
            bytes.reserveCapacity(value.count + 1)
            bytes.append(Self.inlineTag)
            bytes.append(contentsOf: value)
            return bytes
        case .chunked(let manifest):
            var bytes: [UInt8] = [Self.chunkedTag]
            var hex = manifest.id.utf8.makeIterator()
            while let high = hex.next(), let low = hex.next() {
                bytes.append(UInt8(hexDigit(high) << 4 | hexDigit(low)))
            }
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: manifest.length >> ($0 * 8)) }
            bytes += (0..<4).reversed().map { UInt8(truncatingIfNeeded: manifest.count >> ($0 * 8)) }
            return bytes
        }
    }

    /// The chunk set this record points at, if any.
    var manifest: ChunkManifest? {
        if case .chunked(let manifest) = self { return manifest }
        return nil
    }

    /// Whether the record holds a value.
    var hasValue: Bool {
        if case .folder = self { return false }
        return true
    }
}

/// An immutable set of chunks holding one value too large for a single znode.
struct ChunkManifest: Hashable, Sendable {
    /// 32 lowercase hex digits, random: a chunk set is never reused.
    var id: String
    /// The value's total length in bytes.
    var length: Int
    /// How many chunks (`0`, `1`, …) the set has.
    var count: Int

    static func newID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(UInt8.random(in: 0...255, using: &generator), radix: 16).leftPadded(to: 2) }
            .joined()
    }
}

private func hexDigit(_ ascii: UInt8) -> Int {
    switch ascii {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0"))
    default: return Int(ascii - UInt8(ascii: "a") + 10)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
