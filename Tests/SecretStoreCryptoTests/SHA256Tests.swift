import SecretStoreCrypto
import Testing

/// One published SHA-256 test vector.
struct SHA256KnownAnswer: Sendable, CustomTestStringConvertible {
    let name: String
    let message: [UInt8]
    let digest: [UInt8]

    var testDescription: String { name }
}

// The SHA-256 examples of FIPS 180-2 (appendix B) and NIST's "SHA256.pdf" example file; each digest was also checked
// against coreutils `sha256sum` before being copied here.
let sha256KnownAnswers: [SHA256KnownAnswer] = [
    SHA256KnownAnswer(
        name: "empty message",
        message: [],
        digest: [UInt8](hex: "e3b0c44298fc1c149afbf4c8996fb924 27ae41e4649b934ca495991b7852b855")
    ),
    SHA256KnownAnswer(
        name: "\"abc\", one block",
        message: Array("abc".utf8),
        digest: [UInt8](hex: "ba7816bf8f01cfea414140de5dae2223 b00361a396177a9cb410ff61f20015ad")
    ),
    SHA256KnownAnswer(
        // 56 bytes: the length no longer fits in the first block, so padding spills into a second one.
        name: "448-bit message, two blocks",
        message: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8),
        digest: [UInt8](hex: "248d6a61d20638b8e5c026930c3e6039 a33ce45964ff2167f6ecedd419db06c1")
    ),
    SHA256KnownAnswer(
        name: "one million 'a'",
        message: [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000),
        digest: [UInt8](hex: "cdc76e5c9914fb9281a1c7e284d73e67 f1809a48a497200e046d39ccc7112cd0")
    ),
]

@Suite("SHA-256")
struct SHA256Tests {
    @Test("Digests match the FIPS 180-2 known answers", arguments: sha256KnownAnswers)
    func knownAnswer(_ vector: SHA256KnownAnswer) throws {
        let digest = try SHA256.hash(vector.message)
        #expect(digest.hex == vector.digest.hex)
    }

    @Test("Every digest is 32 bytes and a one-bit change in the input changes it")
    func oneBitChangesDigest() throws {
        var message = [UInt8](repeating: 0x5A, count: 100)
        let first = try SHA256.hash(message)
        message[99] ^= 1
        let second = try SHA256.hash(message)
        #expect(first.count == SHA256.byteCount && second.count == SHA256.byteCount)
        #expect(first != second)
    }
}
