import SecretStoreCrypto
import Testing

@Suite("Symmetric keys")
struct SymmetricKeyTests {
    @Test("Key material that is not 32 bytes is rejected", arguments: [0, 1, 16, 24, 31, 33, 64])
    func wrongSizeIsRejected(count: Int) throws {
        let error = #expect(throws: CryptoError.self) {
            try SymmetricKey(bytes: [UInt8](repeating: 0xAB, count: count))
        }
        #expect(error?.code == .invalidKeySize)
        #expect(error.map { !String(describing: $0).contains("ab") } == true)
    }

    @Test("An endless sequence is rejected without being drained")
    func endlessSequenceIsRejected() throws {
        let error = #expect(throws: CryptoError.self) {
            try SymmetricKey(bytes: sequence(first: UInt8(1)) { $0 &+ 1 })
        }
        #expect(error?.code == .invalidKeySize)
    }

    @Test("32 bytes from any sequence are kept exactly")
    func bytesAreKept() throws {
        let expected = [UInt8](0..<32)
        let key = try SymmetricKey(bytes: (0..<32).lazy.map { UInt8($0) })
        #expect(key.byteCount == 32)
        #expect(key.withUnsafeBytes { Array($0) } == expected)
    }

    @Test("Random keys are 32 bytes and differ")
    func randomKeysDiffer() throws {
        let first = try SymmetricKey.random()
        let second = try SymmetricKey.random()
        #expect(first.byteCount == 32)
        #expect(first.withUnsafeBytes { Array($0) } != second.withUnsafeBytes { Array($0) })
        #expect(first.withUnsafeBytes { Array($0) } != [UInt8](repeating: 0, count: 32))
    }

    @Test("Descriptions and mirrors do not show key bytes")
    func keyIsRedacted() throws {
        let key = try SymmetricKey(bytes: [UInt8](repeating: 0x5A, count: 32))
        var dumped = ""
        dump(key, to: &dumped)
        for text in [String(describing: key), String(reflecting: key), "\(key)", dumped] {
            #expect(!text.contains("5a") && !text.contains("90"), "\(text)")
            #expect(text.contains("redacted") || text.contains("SymmetricKey"), "\(text)")
        }
    }
}
