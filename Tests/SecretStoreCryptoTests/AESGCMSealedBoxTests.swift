import SecretStoreCrypto
import Testing

@Suite("AES-GCM sealed box")
struct AESGCMSealedBoxTests {
    @Test("Combined form is nonce, ciphertext, tag, and reads back into the same parts")
    func combinedLayout() throws {
        let nonce = [UInt8](0..<12)
        let ciphertext = [UInt8](100..<105)
        let tag = [UInt8](200..<216)
        let box = try AESGCMSealedBox(nonce: nonce, ciphertext: ciphertext, tag: tag)
        #expect(box.combined == nonce + ciphertext + tag)
        let reread = try AESGCMSealedBox(combined: box.combined)
        #expect(reread == box)
        #expect(reread.nonce == nonce)
        #expect(reread.ciphertext == ciphertext)
        #expect(reread.tag == tag)
    }

    @Test("A combined form shorter than nonce plus tag is rejected", arguments: [0, 1, 12, 16, 27])
    func tooShortCombinedIsRejected(count: Int) throws {
        let error = #expect(throws: CryptoError.self) {
            try AESGCMSealedBox(combined: [UInt8](repeating: 0, count: count))
        }
        #expect(error?.code == .invalidInput)
    }

    @Test("A 28-byte combined form is a box with empty ciphertext")
    func minimalCombined() throws {
        let box = try AESGCMSealedBox(combined: [UInt8](repeating: 1, count: 28))
        #expect(box.nonce.count == 12)
        #expect(box.ciphertext.isEmpty)
        #expect(box.tag.count == 16)
    }

    @Test("A nonce of the wrong size is rejected", arguments: [0, 11, 13, 32])
    func wrongNonceSizeIsRejected(count: Int) throws {
        let error = #expect(throws: CryptoError.self) {
            try AESGCMSealedBox(
                nonce: [UInt8](repeating: 0, count: count), ciphertext: [1], tag: [UInt8](repeating: 0, count: 16))
        }
        #expect(error?.code == .invalidNonce)
    }

    @Test("A tag of the wrong size is rejected", arguments: [0, 12, 15, 17])
    func wrongTagSizeIsRejected(count: Int) throws {
        let error = #expect(throws: CryptoError.self) {
            try AESGCMSealedBox(
                nonce: [UInt8](repeating: 0, count: 12), ciphertext: [1], tag: [UInt8](repeating: 0, count: count))
        }
        #expect(error?.code == .invalidInput)
    }
}
