import Foundation
import SecretStoreCore
import SecretStoreGPGKeyWrapping
import SecretStoreTesting
import Testing

/// The gpgme adapter of Core's `KeyShareWrapping`, against the real gpg and the fixture keys.
@Suite("gpgme key-share wrapping", .timeLimit(.minutes(3)))
struct GPGKeyShareWrappingTests {
    let wrapping = GPGKeyShareWrapping()

    static let shares: [[UInt8]] = [Array("share-one".utf8), Array(repeating: 0xA5, count: 33)]

    @Test func sharesWrappedToTwoKeysOpenOnlyWithTheirOwnSecretKey() async throws {
        // The operator key as `pgp_keys` sends it (base64 of the binary key), the stranger armoured.
        let publicKeys = [
            try GPGFixtures.text("operator.pub.b64").trimmingCharacters(in: .whitespacesAndNewlines),
            try GPGFixtures.text("stranger.pub.asc"),
        ]
        let wrapped = try await wrapping.wrap(Self.shares, to: publicKeys)
        #expect(
            wrapped.map(\.fingerprint) == [
                try GPGFixtures.fingerprint("operator"), try GPGFixtures.fingerprint("stranger"),
            ])
        #expect(wrapped[0].message != Self.shares[0])

        let operatorKey = try GPGFixtures.text("operator.sec.asc")
        let strangerKey = try GPGFixtures.text("stranger.sec.asc")
        #expect(try await wrapping.unwrap(wrapped[0].message, secretKey: operatorKey) == Self.shares[0])
        #expect(try await wrapping.unwrap(wrapped[1].message, secretKey: strangerKey) == Self.shares[1])
        await #expect(throws: (any Error).self) {
            try await wrapping.unwrap(wrapped[0].message, secretKey: strangerKey)
        }
    }

    @Test(arguments: ["signing-only.pub.asc", "not a key"])
    func anUnusableKeyIsNamedByItsIndexBeforeAnyShareIsWrapped(_ second: String) async throws {
        let unusable = second.hasSuffix(".asc") ? try GPGFixtures.text(second) : second
        let publicKeys = [try GPGFixtures.text("operator.pub.asc"), unusable]
        let error = await #expect(throws: KeyShareWrappingError.self) {
            try await wrapping.wrap(Self.shares, to: publicKeys)
        }
        #expect(error?.index == 1)
        #expect(error?.description.hasPrefix("pgp_keys[1] is not a usable OpenPGP public key") == true)
    }

    @Test func aGeneratedKeyPairWrapsAndUnwraps() async throws {
        let pair = try await wrapping.generateKeyPair(userID: "secret-store bootstrap test")
        #expect(pair.publicKey.hasPrefix("-----BEGIN PGP PUBLIC KEY BLOCK-----"))
        #expect(pair.secretKey.hasPrefix("-----BEGIN PGP PRIVATE KEY BLOCK-----"))
        let wrapped = try await wrapping.wrap([Self.shares[1]], to: [pair.publicKey])
        #expect(try await wrapping.unwrap(wrapped[0].message, secretKey: pair.secretKey) == Self.shares[1])
        let operatorKey = try GPGFixtures.text("operator.sec.asc")
        await #expect(throws: (any Error).self) {
            try await wrapping.unwrap(wrapped[0].message, secretKey: operatorKey)
        }
    }
}
