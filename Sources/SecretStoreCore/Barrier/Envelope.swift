import SecretStoreCrypto

/// The stored form of every value the barrier encrypts: version byte, key term, nonce, ciphertext
/// and tag.
///
/// Layout: `0x01` | term (4 bytes, big-endian) | nonce (12) | ciphertext | tag (16). The GCM
/// associated data binds the envelope to where it belongs: the store id, the value's path, the
/// envelope version and the term (see `associatedData`), so a ciphertext copied to another path or
/// another store, or relabelled with another term, fails to open.
@_spi(Fuzzing) public struct Envelope: Sendable, Hashable {
    /// The only format written so far.
    static let currentVersion: UInt8 = 1
    /// Bytes before the sealed box.
    static let headerByteCount = 5
    /// The smallest well-formed envelope: a header, a nonce and a tag around an empty ciphertext.
    static let minimumByteCount =
        headerByteCount + AESGCMSealedBox.nonceByteCount + AESGCMSealedBox.tagByteCount

    /// The term of the key that sealed the box; `0` for the keyring itself, sealed by the unseal key.
    var term: UInt32
    /// Nonce, ciphertext and tag.
    var box: AESGCMSealedBox

    init(term: UInt32, box: AESGCMSealedBox) {
        self.term = term
        self.box = box
    }

    /// Parses stored bytes; `StorageError.corrupted` if they cannot be an envelope.
    @_spi(Fuzzing) public init(decoding bytes: [UInt8], path: String) throws {
        guard bytes.count >= Self.minimumByteCount, bytes[0] == Self.currentVersion else {
            throw StorageError(.corrupted, "the value at \(path) is not a sealed envelope")
        }
        term = bytes[1..<5].reduce(0) { $0 << 8 | UInt32($1) }
        box = try AESGCMSealedBox(combined: Array(bytes[Self.headerByteCount...]))
    }

    /// The stored bytes.
    @_spi(Fuzzing) public var encoded: [UInt8] {
        var bytes = [UInt8]()
        bytes.reserveCapacity(Self.headerByteCount + box.combined.count)
        bytes.append(Self.currentVersion)
        bytes += Self.bigEndian(term)
        bytes += box.combined
        return bytes
    }

    /// What GCM authenticates besides the ciphertext: a label, then the store id and the path
    /// (each length-prefixed, so no two different pairs give the same bytes), the version and the term.
    static func associatedData(storeID: String, path: String, term: UInt32) -> [UInt8] {
        var bytes = Array("secretstore.envelope".utf8)
        for field in [storeID, path] {
            bytes += bigEndian(UInt32(field.utf8.count))
            bytes += field.utf8
        }
        bytes.append(currentVersion)
        bytes += bigEndian(term)
        return bytes
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [
            UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
            UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value),
        ]
    }
}
