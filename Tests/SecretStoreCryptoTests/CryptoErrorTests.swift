import COpenSSL
import SecretStoreCrypto
import Testing

@Suite("Crypto errors")
struct CryptoErrorTests {
    @Test("After an OpenSSL failure the whole error queue is in the error, and the queue is empty")
    func failureDrainsWholeQueue() throws {
        // Queue two real OpenSSL errors on this thread: a GCM ctrl on a context with no cipher chosen fails
        // with "no cipher set". Both must show up in the next error, and nothing may be left behind.
        let context = try #require(EVP_CIPHER_CTX_new())
        defer { EVP_CIPHER_CTX_free(context) }
        #expect(csssl_gcm_set_ivlen(context, 12) <= 0)
        #expect(csssl_gcm_set_ivlen(context, 12) <= 0)
        #expect(ERR_peek_error() != 0)

        let key = try SymmetricKey.random()
        var combined = try AESGCM.seal([1, 2, 3], using: key).combined
        combined[combined.count - 1] ^= 1
        let error = #expect(throws: CryptoError.self) {
            try AESGCM.open(AESGCMSealedBox(combined: combined), using: key)
        }
        #expect(error?.code == .authenticationFailed)
        // The tag mismatch itself queues nothing in OpenSSL 3.0, so the two queued entries come first.
        let messages = error?.openSSLErrors ?? []
        #expect(messages.count >= 2)
        #expect(messages.prefix(2).allSatisfy { $0.hasPrefix("error:") && $0.contains("no cipher set") })
        #expect(ERR_peek_error() == 0)
    }
}
