import Foundation
import SecretStoreWire
import Testing

@testable import secrets

/// The bytes a task receives for each kind of resolved secret, and errors that name the path but
/// never the value.
@Suite struct ResolvedSecretTests {
    /// Every byte value, NULs and invalid UTF-8 among them.
    static let binary = (0...255).map { UInt8($0) } + [0xff, 0xfe, 0x00]

    @Test func textSecretIsItsUTF8() throws {
        let secret = DeliveredSecret(path: "app/password", value: "pässwörd\n", encoding: "utf-8")
        #expect(try secret.bytes() == Array("pässwörd\n".utf8))
    }

    @Test func binarySecretIsDecodedToItsRawBytes() throws {
        let value = Data(Self.binary).base64EncodedString()
        #expect(try DeliveredSecret(path: "app/keytab", value: value, encoding: "base64").bytes() == Self.binary)
        // A binary secret under a __dcos_base64__ name is decoded once, not twice.
        let marked = DeliveredSecret(path: "app/__dcos_base64__keytab", value: value, encoding: "base64")
        #expect(try marked.bytes() == Self.binary)
    }

    @Test func base64TextSecretIsDecoded() throws {
        let value = Data(Self.binary).base64EncodedString()
        let secret = DeliveredSecret(path: "app/__dcos_base64__keystore", value: value, encoding: "utf-8")
        #expect(secret.holdsBase64Text)
        #expect(try secret.bytes() == Self.binary)
        // As `base64` without -w 0 writes it: lines of 76 characters.
        let wrapped = Data(Self.binary).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        #expect(wrapped.contains("\n"))
        let lines = DeliveredSecret(path: "__dcos_base64__root", value: wrapped + "\n", encoding: "utf-8")
        #expect(try lines.bytes() == Self.binary)
    }

    @Test func onlyTheLastComponentMarksBase64() throws {
        let secret = DeliveredSecret(path: "__dcos_base64__folder/plain", value: "aGVsbG8=", encoding: "utf-8")
        #expect(!secret.holdsBase64Text)
        #expect(try secret.bytes() == Array("aGVsbG8=".utf8))
        let marked = DeliveredSecret(path: "folder/__dcos_base64__x", value: "aGVsbG8=", encoding: "utf-8")
        #expect(try marked.bytes() == Array("hello".utf8))
    }

    @Test(arguments: ["not base64!", "aGVsbG8", "aGVs=bG8=", "%%%%"])
    func invalidBase64IsNamedByPathNotValue(value: String) {
        let secret = DeliveredSecret(path: "app/__dcos_base64__cert", value: value, encoding: "utf-8")
        let error = failure { try secret.bytes() }
        #expect(error?.contains("app/__dcos_base64__cert") == true, "\(error ?? "no error")")
        #expect(error?.contains(value) == false)
        #expect(!"\(secret)".contains(value))
    }

    @Test func invalidBinaryOrUnknownEncodingIsRefused() {
        let binary = DeliveredSecret(path: "app/bin", value: "!!", encoding: "base64")
        #expect(failure { try binary.bytes() }?.contains("app/bin") == true)
        let other = DeliveredSecret(path: "app/x", value: "v", encoding: "latin-1")
        #expect(failure { try other.bytes() }?.contains("unknown encoding latin-1") == true)
    }
}
