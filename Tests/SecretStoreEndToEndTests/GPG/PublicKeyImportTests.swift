import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// The contract's `pgp_keys` entries: base64 of a binary key, or an armoured key.
@Suite(.timeLimit(.minutes(1)))
struct PublicKeyImportTests {
    @Test("base64 of a binary key and the armoured key give the same fingerprint")
    func bothForms() throws {
        let expected = try GPGFixtures.fingerprint("operator")
        let fromBase64 = try GPGContext()
        defer { fromBase64.close() }
        #expect(try fromBase64.importPublicKey(encoded: try GPGFixtures.text("operator.pub.b64")) == expected)
        #expect(try fromBase64.fingerprints(secret: false) == [expected])
        #expect(try fromBase64.fingerprints(secret: true).isEmpty)

        let fromArmour = try GPGContext()
        defer { fromArmour.close() }
        #expect(try fromArmour.importPublicKey(encoded: try GPGFixtures.text("operator.pub.asc")) == expected)
        // Base64 wrapped over lines, as a JSON client might send it.
        let wrapped = try GPGFixtures.text("operator.pub.b64").enumerated()
            .map { $0.offset > 0 && $0.offset % 64 == 0 ? "\n\($0.element)" : "\($0.element)" }.joined()
        #expect(try fromArmour.importPublicKey(encoded: wrapped) == expected)
    }

    @Test(
        "input that holds no single public key fails clearly",
        arguments: [
            ("not base64 at all!", GPGError.Code.invalidValue),
            ("", GPGError.Code.invalidValue),
            (Data("hello, world".utf8).base64EncodedString(), GPGError.Code.noKeyImported),
            ("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm9wZQ==\n-----END PGP PUBLIC KEY BLOCK-----\n", .noKeyImported),
        ])
    func garbage(input: String, code: GPGError.Code) throws {
        let context = try GPGContext()
        defer { context.close() }
        let error = #expect(throws: GPGError.self) { try context.importPublicKey(encoded: input) }
        #expect(error?.code == code)
        #expect(try context.fingerprints(secret: false).isEmpty)
    }

    @Test("a secret key, two keys, or a key that cannot encrypt are refused before anything is imported")
    func refusesSecretAndSeveralKeys() throws {
        let context = try GPGContext()
        defer { context.close() }
        let secret = #expect(throws: GPGError.self) {
            try context.importPublicKey(encoded: try GPGFixtures.text("operator.sec.asc"))
        }
        #expect(secret?.code == .invalidValue)
        let two = try GPGFixtures.text("operator.pub.asc") + GPGFixtures.text("stranger.pub.asc")
        let several = #expect(throws: GPGError.self) { try context.importPublicKey(encoded: two) }
        #expect(several?.code == .ambiguousKey)
        let signingOnly = #expect(throws: GPGError.self) {
            try context.importPublicKey(encoded: try GPGFixtures.text("signing-only.pub.asc"))
        }
        #expect(signingOnly?.code == .unusablePublicKey)
        #expect(try context.fingerprints(secret: false).isEmpty)
        #expect(try context.fingerprints(secret: true).isEmpty)
    }

    @Test("importKey takes several keys at once and refuses data without one")
    func importKey() throws {
        let context = try GPGContext()
        defer { context.close() }
        let both = try GPGFixtures.bytes("operator.pub.asc") + GPGFixtures.bytes("stranger.pub.asc")
        let imported = try context.importKey(both)
        #expect(imported == [try GPGFixtures.fingerprint("operator"), try GPGFixtures.fingerprint("stranger")])
        let error = #expect(throws: GPGError.self) { try context.importKey(Array("garbage".utf8)) }
        #expect(error?.code == .noKeyImported)
    }

    @Test("fingerprints: any case; unknown, malformed or unusable ones fail clearly")
    func fingerprints() throws {
        let context = try GPGContext()
        defer { context.close() }
        let operatorKey = try GPGFixtures.fingerprint("operator")
        _ = try context.importKey(try GPGFixtures.bytes("operator.pub.asc"))
        #expect(
            try context.exportPublicKey(fingerprint: operatorKey.lowercased(), armored: false)
                == context.exportPublicKey(fingerprint: operatorKey, armored: false))
        // importKey takes a key that cannot encrypt; encrypt refuses it before gpg runs.
        let signingOnly = try context.importKey(try GPGFixtures.bytes("signing-only.pub.asc"))[0]
        let unusable = #expect(throws: GPGError.self) { try context.encrypt([1, 2, 3], to: signingOnly) }
        #expect(unusable?.code == .unusablePublicKey)

        let unknown = String(repeating: "AB", count: 20)
        let missing = #expect(throws: GPGError.self) { try context.encrypt([1, 2, 3], to: unknown) }
        #expect(missing?.code == .notFound)
        let exported = #expect(throws: GPGError.self) {
            try context.exportPublicKey(fingerprint: unknown, armored: true)
        }
        #expect(exported?.code == .notFound)
        for malformed in ["", "ABCD", "operator@secretstore.invalid", String(repeating: "G", count: 40)] {
            let error = #expect(throws: GPGError.self) {
                try context.exportPublicKey(fingerprint: malformed, armored: false)
            }
            #expect(error?.code == .invalidValue)
        }
    }
}
