import SecretStoreCrypto
import Testing

/// The part of a sealed box a tamper test alters.
enum BoxPart: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case nonce, ciphertext, tag

    var testDescription: String { rawValue }

    /// Where this part sits in the `combined` form of a box with `ciphertextCount` ciphertext bytes.
    func range(ciphertextCount: Int) -> Range<Int> {
        switch self {
        case .nonce: 0..<12
        case .ciphertext: 12..<(12 + ciphertextCount)
        case .tag: (12 + ciphertextCount)..<(12 + ciphertextCount + 16)
        }
    }
}

@Suite("AES-GCM rejects tampering")
struct AESGCMTamperTests {
    let key: SymmetricKey
    let plaintext: [UInt8] = Array("transfer 100 to alice".utf8)
    let associatedData: [UInt8] = Array("/spaces/payments/ledger-key".utf8)
    let box: AESGCMSealedBox

    init() throws {
        key = try SymmetricKey.random()
        box = try AESGCM.seal(plaintext, using: key, authenticating: associatedData)
    }

    @Test("Flipping any bit of any byte of a part makes open fail", arguments: BoxPart.allCases)
    func flippedBitInBoxIsRejected(part: BoxPart) throws {
        // The untouched box must open, or every rejection below would prove nothing.
        #expect(try AESGCM.open(box, using: key, authenticating: associatedData) == plaintext)
        let range = part.range(ciphertextCount: plaintext.count)
        #expect(!range.isEmpty)
        for index in range {
            for bit in 0..<8 {
                var combined = box.combined
                combined[index] ^= 1 << bit
                let tampered = try AESGCMSealedBox(combined: combined)
                let error = #expect(throws: CryptoError.self, "byte \(index) bit \(bit)") {
                    try AESGCM.open(tampered, using: key, authenticating: associatedData)
                }
                #expect(error?.code == .authenticationFailed)
            }
        }
    }

    @Test("Flipping any bit of the associated data makes open fail")
    func flippedBitInAssociatedDataIsRejected() throws {
        for index in associatedData.indices {
            for bit in 0..<8 {
                var altered = associatedData
                altered[index] ^= 1 << bit
                let error = #expect(throws: CryptoError.self, "byte \(index) bit \(bit)") {
                    try AESGCM.open(box, using: key, authenticating: altered)
                }
                #expect(error?.code == .authenticationFailed)
            }
        }
    }

    @Test(
        "Missing, truncated or extended associated data makes open fail",
        arguments: [[], [UInt8]("/spaces/payments/ledger-ke".utf8), [UInt8]("/spaces/payments/ledger-key/".utf8)]
    )
    func differentAssociatedDataIsRejected(altered: [UInt8]) throws {
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.open(box, using: key, authenticating: altered)
        }
        #expect(error?.code == .authenticationFailed)
    }

    @Test("A truncated ciphertext makes open fail")
    func truncatedCiphertextIsRejected() throws {
        let truncated = try AESGCMSealedBox(nonce: box.nonce, ciphertext: box.ciphertext.dropLast(), tag: box.tag)
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.open(truncated, using: key, authenticating: associatedData)
        }
        #expect(error?.code == .authenticationFailed)
    }

    @Test("Opening with a different key fails")
    func wrongKeyIsRejected() throws {
        let otherKey = try SymmetricKey.random()
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.open(box, using: otherKey, authenticating: associatedData)
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.operation == "EVP_DecryptFinal_ex")
    }

    @Test("A key differing from the right one in one bit fails")
    func nearlyRightKeyIsRejected() throws {
        var bytes = key.withUnsafeBytes { Array($0) }
        bytes[31] ^= 1
        let nearKey = try SymmetricKey(bytes: bytes)
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.open(box, using: nearKey, authenticating: associatedData)
        }
        #expect(error?.code == .authenticationFailed)
    }
}
