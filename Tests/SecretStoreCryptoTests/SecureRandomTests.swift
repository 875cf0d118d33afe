import SecretStoreCrypto
import Testing

@Suite("Secure random bytes")
struct SecureRandomTests {
    @Test("The requested number of bytes comes back", arguments: [0, 1, 12, 32, 1000])
    func requestedCount(count: Int) throws {
        #expect(try SecureRandom.bytes(count: count).count == count)
    }

    @Test("Two draws differ")
    func drawsDiffer() throws {
        let first = try SecureRandom.bytes(count: 32)
        let second = try SecureRandom.bytes(count: 32)
        #expect(first != second)
        #expect(first != [UInt8](repeating: 0, count: 32))
    }

    @Test("A negative count is rejected")
    func negativeCountIsRejected() throws {
        let error = #expect(throws: CryptoError.self) {
            try SecureRandom.bytes(count: -1)
        }
        #expect(error?.code == .invalidInput)
    }
}
