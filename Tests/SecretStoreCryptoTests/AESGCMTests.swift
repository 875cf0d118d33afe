import SecretStoreCrypto
import Testing

@Suite("AES-GCM sealing and opening")
struct AESGCMTests {
    @Test("A sealed message opens to the same bytes", arguments: [0, 1, 15, 16, 17, 4096])
    func roundTrip(count: Int) throws {
        let key = try SymmetricKey.random()
        let plaintext = try SecureRandom.bytes(count: count)
        let associatedData = Array("/spaces/a/b".utf8)
        let box = try AESGCM.seal(plaintext, using: key, authenticating: associatedData)
        #expect(box.nonce.count == 12)
        #expect(box.ciphertext.count == count)
        #expect(box.tag.count == 16)
        #expect(box.combined.count == 12 + count + 16)
        #expect(try AESGCM.open(box, using: key, authenticating: associatedData) == plaintext)
    }

    @Test("Empty plaintext with empty associated data seals to a bare nonce and tag, and opens")
    func emptyPlaintextAndAssociatedData() throws {
        let key = try SymmetricKey.random()
        let box = try AESGCM.seal([], using: key)
        #expect(box.ciphertext.isEmpty)
        #expect(box.combined.count == 28)
        #expect(try AESGCM.open(box, using: key) == [])
        let reread = try AESGCMSealedBox(combined: box.combined)
        #expect(try AESGCM.open(reread, using: key, authenticating: []) == [])
    }

    @Test("Sealing the same plaintext twice gives different nonces and ciphertexts")
    func sealingIsRandomised() throws {
        let key = try SymmetricKey.random()
        let plaintext = Array("the same secret".utf8)
        let first = try AESGCM.seal(plaintext, using: key)
        let second = try AESGCM.seal(plaintext, using: key)
        #expect(first.nonce != second.nonce)
        #expect(first.ciphertext != second.ciphertext)
        #expect(first.tag != second.tag)
        #expect(try AESGCM.open(first, using: key) == plaintext)
        #expect(try AESGCM.open(second, using: key) == plaintext)
    }

    @Test("A 1 MiB plaintext round trips through combined form")
    func oneMebibyteRoundTrip() throws {
        let key = try SymmetricKey.random()
        let plaintext = try SecureRandom.bytes(count: 1 << 20)
        let associatedData = Array("/spaces/big/value".utf8)
        let box = try AESGCM.seal(plaintext, using: key, authenticating: associatedData)
        #expect(box.combined.count == (1 << 20) + 28)
        #expect(box.ciphertext != plaintext)
        let reread = try AESGCMSealedBox(combined: box.combined)
        let opened = try AESGCM.open(reread, using: key, authenticating: associatedData)
        #expect(opened == plaintext)
    }

    @Test("The raw-buffer overloads interoperate with the array ones")
    func rawBufferOverloads() throws {
        let key = try SymmetricKey.random()
        let plaintext = Array("value held in someone else's buffer".utf8)
        let associatedData = Array("/spaces/raw".utf8)
        let box = try plaintext.withUnsafeBytes { plaintext in
            try associatedData.withUnsafeBytes { associatedData in
                try AESGCM.seal(plaintext, using: key, authenticating: associatedData)
            }
        }
        #expect(try AESGCM.open(box, using: key, authenticating: associatedData) == plaintext)
        let viaRaw = try associatedData.withUnsafeBytes { try AESGCM.open(box, using: key, authenticating: $0) }
        #expect(viaRaw == plaintext)
        let empty = try [UInt8]().withUnsafeBytes { try AESGCM.seal($0, using: key, authenticating: $0) }
        #expect(try AESGCM.open(empty, using: key) == [])
    }

    @Test("An explicit nonce of the wrong size is rejected", arguments: [0, 8, 11, 13, 16])
    func wrongNonceSizeIsRejected(count: Int) throws {
        let key = try SymmetricKey.random()
        let nonce = [UInt8](repeating: 7, count: count)
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.seal([1, 2, 3], using: key, nonce: nonce)
        }
        #expect(error?.code == .invalidNonce)
    }
}
