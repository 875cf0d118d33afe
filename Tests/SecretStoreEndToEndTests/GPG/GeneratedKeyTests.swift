import Foundation
import SecretStoreConcurrency
import SecretStoreGPG
import Testing

/// Keys this module generates itself: two RSA-4096 generations in all, as they take seconds.
@Suite(.timeLimit(.minutes(2)))
struct GeneratedKeyTests {
    let plaintext = Array("3f9a1c7e5b2d4068a1e3c5f7092b4d6e".utf8)

    @Test("a generated key exports, encrypts in a second context and decrypts in the first")
    func roundTrip() async throws {
        let owner = try GPGContext()
        defer { owner.close() }
        let fingerprint = try await runOffPool {
            try owner.generateKeyPair(userID: "SecretStore round trip <round-trip@secretstore.invalid>")
        }
        #expect(fingerprint.count == 40)
        #expect(try owner.fingerprints(secret: true) == [fingerprint])

        // Exactly what the contract asks of the bootstrap key: RSA 4096, can encrypt, never expires.
        let details = try owner.keyDetails(fingerprint: fingerprint)
        #expect(details.fingerprint == fingerprint)
        #expect(details.canEncrypt)
        let primary = try #require(details.subkeys.first)
        #expect(primary.algorithm == "RSA")
        #expect(primary.length == 4096)
        #expect(primary.canEncrypt)
        #expect(primary.expires == nil)
        #expect(!primary.isUnusable)
        // The same, as the gpg CLI sees it: pub:u:4096:1(RSA):keyid:created:expires(empty):…:caps.
        let listing = try GPGProcesses.gpg(
            home: owner.homeDirectory, ["--with-colons", "--list-keys", fingerprint])
        let pub = try #require(listing.split(separator: "\n").first { $0.hasPrefix("pub:") })
        let fields = pub.split(separator: ":", omittingEmptySubsequences: false)
        #expect(fields[2] == "4096")
        #expect(fields[3] == "1")
        #expect(fields[6] == "")
        #expect(fields[11].contains("E"))

        let binary = try owner.exportPublicKey(fingerprint: fingerprint, armored: false)
        let armored = try owner.exportPublicKey(fingerprint: fingerprint, armored: true)
        // An OpenPGP packet header has its top bit set; armour is text.
        #expect(binary.first.map { $0 & 0x80 != 0 } == true)
        #expect(String(decoding: armored, as: UTF8.self).hasPrefix("-----BEGIN PGP PUBLIC KEY BLOCK-----"))

        let sender = try GPGContext()
        defer { sender.close() }
        #expect(try sender.importKey(binary) == [fingerprint])
        #expect(try sender.importPublicKey(encoded: String(decoding: armored, as: UTF8.self)) == fingerprint)
        #expect(try sender.fingerprints(secret: false) == [fingerprint])
        #expect(try sender.fingerprints(secret: true).isEmpty)

        let message = try sender.encrypt(plaintext, to: fingerprint)
        #expect(message.first.map { $0 & 0x80 != 0 } == true)
        #expect(!message.isEmpty && message != plaintext)
        let noKey = #expect(throws: GPGError.self) { try sender.decrypt(message) }
        #expect(noKey?.code == .noSecretKey)
        #expect(try owner.decrypt(message) == plaintext)
    }

    @Test("the exported secret key of a generated key imports elsewhere and decrypts")
    func secretKeyExport() async throws {
        let origin = try GPGContext()
        defer { origin.close() }
        let fingerprint = try await runOffPool {
            try origin.generateKeyPair(userID: "SecretStore export <export@secretstore.invalid>")
        }
        let secret = try origin.exportSecretKey(fingerprint: fingerprint)
        #expect(secret.hasPrefix("-----BEGIN PGP PRIVATE KEY BLOCK-----"))

        let restored = try GPGContext()
        defer { restored.close() }
        #expect(try restored.importKey(Array(secret.utf8)) == [fingerprint])
        #expect(try restored.fingerprints(secret: true) == [fingerprint])
        let message = try origin.encrypt(plaintext, to: fingerprint)
        #expect(try restored.decrypt(message) == plaintext)

        // A context holding only the public half has no secret key to export.
        let publicOnly = try GPGContext()
        defer { publicOnly.close() }
        _ = try publicOnly.importKey(try origin.exportPublicKey(fingerprint: fingerprint, armored: false))
        let missing = #expect(throws: GPGError.self) { try publicOnly.exportSecretKey(fingerprint: fingerprint) }
        #expect(missing?.code == .notFound)
    }
}
