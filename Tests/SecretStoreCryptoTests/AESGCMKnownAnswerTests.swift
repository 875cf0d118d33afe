import SecretStoreCrypto
import Testing

/// One published AES-256-GCM test vector.
struct KnownAnswer: Sendable, CustomTestStringConvertible {
    let name: String
    let key: [UInt8]
    let nonce: [UInt8]
    let plaintext: [UInt8]
    let associatedData: [UInt8]
    let ciphertext: [UInt8]
    let tag: [UInt8]

    var testDescription: String { name }
}

// Test cases 13–16 (the 256-bit-key cases) from Appendix B of D. McGrew and J. Viega, "The Galois/Counter Mode of
// Operation (GCM)", revised 2005, the vectors NIST's SP 800-38D validation draws on. Each value was checked
// independently against Python's `cryptography` package (AESGCM.encrypt) before being copied here.
private let caseKey = [UInt8](hex: "feffe9928665731c6d6a8f9467308308 feffe9928665731c6d6a8f9467308308")
private let caseNonce = [UInt8](hex: "cafebabefacedbaddecaf888")
private let casePlaintext = [UInt8](
    hex: """
        d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72 \
        1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b391aafd255
        """)
private let caseCiphertext = [UInt8](
    hex: """
        522dc1f099567d07f47f37a32a84427d 643a8cdcbfe5c0c97598a2bd2555d1aa \
        8cb08e48590dbb3da7b08b1056828838 c5f61e6393ba7a0abcc9f662898015ad
        """)

let knownAnswers: [KnownAnswer] = [
    KnownAnswer(
        name: "GCM test case 13: empty plaintext, zero key and nonce",
        key: [UInt8](repeating: 0, count: 32),
        nonce: [UInt8](repeating: 0, count: 12),
        plaintext: [],
        associatedData: [],
        ciphertext: [],
        tag: [UInt8](hex: "530f8afbc74536b9a963b4f1c4cb738b")
    ),
    KnownAnswer(
        name: "GCM test case 14: one zero block, zero key and nonce",
        key: [UInt8](repeating: 0, count: 32),
        nonce: [UInt8](repeating: 0, count: 12),
        plaintext: [UInt8](repeating: 0, count: 16),
        associatedData: [],
        ciphertext: [UInt8](hex: "cea7403d4d606b6e074ec5d3baf39d18"),
        tag: [UInt8](hex: "d0d1c8a799996bf0265b98b5d48ab919")
    ),
    KnownAnswer(
        name: "GCM test case 15: four blocks, no associated data",
        key: caseKey,
        nonce: caseNonce,
        plaintext: casePlaintext,
        associatedData: [],
        ciphertext: caseCiphertext,
        tag: [UInt8](hex: "b094dac5d93471bdec1a502270e3cc6c")
    ),
    KnownAnswer(
        name: "GCM test case 16: 60-byte plaintext, 20 bytes of associated data",
        key: caseKey,
        nonce: caseNonce,
        plaintext: Array(casePlaintext.prefix(60)),
        associatedData: [UInt8](hex: "feedfacedeadbeeffeedfacedeadbeefabaddad2"),
        ciphertext: Array(caseCiphertext.prefix(60)),
        tag: [UInt8](hex: "76fc6ece0f4e1768cddf8853bb2d551b")
    ),
]

@Suite("AES-GCM known answers")
struct AESGCMKnownAnswerTests {
    @Test("Sealing with the vector's nonce gives the published ciphertext and tag", arguments: knownAnswers)
    func sealMatchesPublishedVector(vector: KnownAnswer) throws {
        let key = try SymmetricKey(bytes: vector.key)
        let box = try AESGCM.seal(
            vector.plaintext, using: key, nonce: vector.nonce, authenticating: vector.associatedData)
        #expect(box.nonce.hex == vector.nonce.hex)
        #expect(box.ciphertext.hex == vector.ciphertext.hex)
        #expect(box.tag.hex == vector.tag.hex)
        #expect(box.combined == vector.nonce + vector.ciphertext + vector.tag)
    }

    @Test("Opening the published box gives the published plaintext", arguments: knownAnswers)
    func openRecoversPublishedPlaintext(vector: KnownAnswer) throws {
        let key = try SymmetricKey(bytes: vector.key)
        let box = try AESGCMSealedBox(nonce: vector.nonce, ciphertext: vector.ciphertext, tag: vector.tag)
        let plaintext = try AESGCM.open(box, using: key, authenticating: vector.associatedData)
        #expect(plaintext.hex == vector.plaintext.hex)
    }
}
