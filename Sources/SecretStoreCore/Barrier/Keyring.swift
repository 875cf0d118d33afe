import Foundation
import SecretStoreCrypto

/// The data keys of a store, oldest term first. Stored sealed under the unseal key.
///
/// Encoded form (only ever stored encrypted): `0x01` | key count (4 bytes) | per key: term (4),
/// install time in milliseconds since 1970 (8), encryptions (8), key (32); all big-endian.
struct Keyring: Sendable {
    /// Every term, ascending.
    private(set) var keys: [DataKey]

    /// A keyring with one fresh key of term 1.
    static func fresh(now: Date) throws -> Keyring {
        Keyring(keys: [DataKey(term: 1, key: try SymmetricKey.random(), installTime: now, encryptions: 0)])
    }

    /// The term new values are sealed with.
    var active: DataKey { keys[keys.count - 1] }

    /// The key of `term`, if the ring has it.
    func key(term: UInt32) -> DataKey? {
        // Few terms, newest most used: search from the end.
        keys.last { $0.term == term }
    }

    /// Adds a fresh key one term above the active one.
    mutating func addTerm(now: Date) throws {
        keys.append(DataKey(term: active.term + 1, key: try SymmetricKey.random(), installTime: now, encryptions: 0))
    }

    /// Records `count` more encryptions reserved under the active key.
    mutating func reserveActive(_ count: UInt64) {
        keys[keys.count - 1].encryptions += count
    }

    private static let formatVersion: UInt8 = 1
    private static let entryByteCount = 4 + 8 + 8 + 32

    /// The encoded keyring. It holds every key in the clear: wipe it once sealed.
    func encoded() -> [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(5 + keys.count * Self.entryByteCount)
        bytes.append(Self.formatVersion)
        bytes += Envelope.bigEndian(UInt32(keys.count))
        for key in keys {
            bytes += Envelope.bigEndian(key.term)
            bytes += Self.bigEndian64(
                UInt64(bitPattern: Int64((key.installTime.timeIntervalSince1970 * 1000).rounded())))
            bytes += Self.bigEndian64(key.encryptions)
            key.key.withUnsafeBytes { bytes.append(contentsOf: $0) }
        }
        return bytes
    }

    /// Decodes a keyring; `StorageError.corrupted` unless the bytes are exactly one well-formed ring
    /// with ascending terms.
    init(decoding bytes: [UInt8]) throws {
        let corrupted = StorageError(.corrupted, "the keyring does not decode")
        guard bytes.count >= 5, bytes[0] == Self.formatVersion else { throw corrupted }
        let count = Int(Self.integer(bytes, at: 1, width: 4))
        guard count >= 1, bytes.count == 5 + count * Self.entryByteCount else { throw corrupted }
        var keys: [DataKey] = []
        keys.reserveCapacity(count)
        for index in 0..<count {
            let base = 5 + index * Self.entryByteCount
            let term = UInt32(Self.integer(bytes, at: base, width: 4))
            guard term > (keys.last?.term ?? 0) else { throw corrupted }
            let milliseconds = Int64(bitPattern: Self.integer(bytes, at: base + 4, width: 8))
            keys.append(
                DataKey(
                    term: term,
                    key: try SymmetricKey(bytes: bytes[(base + 20)..<(base + 52)]),
                    installTime: Date(timeIntervalSince1970: Double(milliseconds) / 1000),
                    encryptions: Self.integer(bytes, at: base + 12, width: 8)))
        }
        self.keys = keys
    }

    private init(keys: [DataKey]) { self.keys = keys }

    private static func integer(_ bytes: [UInt8], at offset: Int, width: Int) -> UInt64 {
        bytes[offset..<(offset + width)].reduce(0) { $0 << 8 | UInt64($1) }
    }

    private static func bigEndian64(_ value: UInt64) -> [UInt8] {
        (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> ($0 * 8)) }
    }
}
