import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// The share holders of a rekey test: one GnuPG home holding the fixtures' operator and stranger
/// secret keys (and any key generated for a newcomer), to decrypt shares as operators would.
final class RekeyOperators {
    let context: GPGContext
    /// `pgp_keys` entries: the operator's and the stranger's public keys.
    let operatorKey: String
    let strangerKey: String

    init() throws {
        context = try GPGContext()
        let keys = try CustomKeyModeEndToEndTests.pgpKeys(context)
        operatorKey = keys[0]
        strangerKey = keys[1]
        for name in ["operator", "stranger"] {
            _ = try context.importKey(Array(try GPGFixtures.text("\(name).sec.asc").utf8))
        }
    }

    deinit { context.close() }

    /// A newcomer's key, generated now (0.5–4 s): its `pgp_keys` entry and fingerprint.
    func newcomer() throws -> (key: String, fingerprint: String) {
        let fingerprint = try context.generateKeyPair(userID: "SecretStore test newcomer <newcomer@example.invalid>")
        let binary = try context.exportPublicKey(fingerprint: fingerprint, armored: false)
        return (Data(binary).base64EncodedString(), fingerprint)
    }

    /// The shares in an init-shaped answer (`keys`), decrypted, in hex.
    func shares(_ answer: [String: Any]) throws -> [String] {
        let keys = try #require(answer["keys"] as? [String], "\(answer)")
        return try keys.map { key in
            String(decoding: try context.decrypt(try #require(HexText.decode(key))), as: UTF8.self)
        }
    }

    /// What a server log must never hold of `shares`.
    static func material(_ shares: [String]) -> [(label: String, text: String)] {
        shares.map { ("a share", $0) } + shares.map { ("a share's key bytes", String($0.dropFirst(2).prefix(16))) }
    }
}

extension SealClient {
    /// `PUT /rekey/default` with the new shares' shape; the answer, checked to be 200.
    func startRekey(shares: Int, threshold: Int, pgpKeys: [String]) async throws -> [String: Any] {
        let answer = try await send(
            "PUT", "/rekey/default", json: ["shares": shares, "threshold": threshold, "pgp_keys": pgpKeys])
        #expect(answer.status == 200, "\(answer.text)")
        return answer.json
    }

    /// Enters `shares` towards the rekey `nonce` (`nil`: a bootstrap store's own); the last answer.
    func enterRekeyShares(_ shares: [String?], nonce: String) async throws -> HTTPExchange? {
        var last: HTTPExchange?
        for share in shares {
            var body: [String: Any] = ["nonce": nonce]
            if let share { body["key"] = share }
            last = try await send("PUT", "/rekey/default/update", json: body)
            #expect(last?.status == 200, "\(last?.text ?? "")")
        }
        return last
    }

    /// Enters `shares` through `PUT /unseal`; the last seal status.
    func unseal(_ shares: [String]) async throws -> [String: Any] {
        var status: [String: Any] = [:]
        for share in shares { status = try await send("PUT", "/unseal/default", json: ["key": share]).json }
        return status
    }
}
