import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// Messages the gpg command line encrypted to the fixture operator key.
@Suite(.timeLimit(.minutes(1)))
struct FixtureMessageTests {
    @Test("a message from the gpg CLI decrypts with the imported operator secret key", arguments: ["gpg", "asc"])
    func decryptsCommandLineMessage(format: String) throws {
        let context = try GPGContext()
        defer { context.close() }
        let imported = try context.importKey(try GPGFixtures.bytes("operator.sec.asc"))
        #expect(imported == [try GPGFixtures.fingerprint("operator")])
        let plaintext = try context.decrypt(try GPGFixtures.bytes("message-for-operator.\(format)"))
        #expect(plaintext == (try GPGFixtures.bytes("message-for-operator.txt")))
    }

    @Test("a context holding only the stranger's key cannot decrypt, and says why")
    func strangerCannotDecrypt() async throws {
        let context = try GPGContext()
        let home = context.homeDirectory
        #expect(
            try context.importKey(try GPGFixtures.bytes("stranger.sec.asc")) == [
                try GPGFixtures.fingerprint("stranger")
            ])
        let error = #expect(throws: GPGError.self) {
            try context.decrypt(try GPGFixtures.bytes("message-for-operator.gpg"))
        }
        #expect(error?.code == .noSecretKey)
        #expect(error?.operation == "gpgme_op_decrypt")
        #expect(error?.description.contains("no secret key to decrypt this message") == true)

        // close() after the failed operation still stops the agent and removes the home.
        #expect(!GPGProcesses.mentioning(home).isEmpty, "importing a secret key starts gpg-agent")
        context.close()
        #expect(!FileManager.default.fileExists(atPath: home))
        #expect(try await GPGProcesses.waitUntilGone(home).isEmpty)
    }

    @Test("a public key alone cannot decrypt either")
    func publicKeyCannotDecrypt() throws {
        let context = try GPGContext()
        defer { context.close() }
        _ = try context.importKey(try GPGFixtures.bytes("operator.pub.asc"))
        let error = #expect(throws: GPGError.self) {
            try context.decrypt(try GPGFixtures.bytes("message-for-operator.gpg"))
        }
        #expect(error?.code == .noSecretKey)
    }

    @Test("input that is not an encrypted message fails with a gpgme code")
    func garbageDoesNotDecrypt() throws {
        let context = try GPGContext()
        defer { context.close() }
        _ = try context.importKey(try GPGFixtures.bytes("operator.sec.asc"))
        let garbage = #expect(throws: GPGError.self) { try context.decrypt(Array("not a message".utf8)) }
        #expect(garbage?.code == .noData)
        // A message cut short: gpg notices the missing data.
        let message = try GPGFixtures.bytes("message-for-operator.gpg")
        let truncated = #expect(throws: GPGError.self) {
            try context.decrypt(Array(message.prefix(message.count - 40)))
        }
        #expect(truncated != nil)
        #expect(truncated?.code != .noSecretKey)
    }

    @Test("one context serves concurrent callers")
    func concurrentUse() async throws {
        let context = try GPGContext()
        defer { context.close() }
        let fingerprint = try context.importKey(try GPGFixtures.bytes("operator.sec.asc"))[0]
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for index in 0..<4 {
                group.addTask {
                    let plaintext = Array("share \(index)".utf8)
                    let message = try context.encrypt(plaintext, to: fingerprint)
                    return try context.decrypt(message) == plaintext
                }
            }
            for try await matched in group { #expect(matched) }
        }
    }
}
