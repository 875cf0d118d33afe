import Foundation
import SecretStoreCore
import SecretStoreGPG
import SecretStoreTesting
import SecretStoreZooKeeperStorage
import Testing

extension CLITestServer {

    /// The server's bootstrap OpenPGP secret key as it keeps it: the value at
    /// `<root>/keys/bootstrap_user.key`, base64 of the ASCII-armoured key (wire contract, section 3),
    /// read through a storage of our own on the server's root.
    func bootstrapKey() async throws -> String {
        let stored = try await ZooKeeperFixture.withClient(try await ZooKeeperTestServer.shared()) { client in
            let storage = try await ZooKeeperStorage.open(client: client, root: zooKeeperRoot)
            return try await storage.read(StorageKey("keys/bootstrap_user.key"))
        }
        let value = try #require(stored, "no bootstrap key in ZooKeeper")
        return String(decoding: value.bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The store's one key share in clear, decrypted here with `armoredKey` from what `GET /init`
    /// answers: what the CLI must send and never print.
    func decryptedShare(armoredKey: String) async throws -> String {
        let answer = try await api("GET", "/secrets/v1/init/default")
        #expect(answer.status == 200, "\(answer.text)")
        let keys = try #require(answer.json["keys"] as? [String])
        let message = try #require(keys.first.flatMap(Self.bytes(hex:)), "keys[0] is not hex")
        let context = try GPGContext()
        defer { context.close() }
        _ = try context.importKey(Array(armoredKey.utf8))
        return String(decoding: try context.decrypt(message), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Bytes from hex digits; `nil` for anything else.
    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) else {
                return nil
            }
            bytes.append(byte)
        }
        return bytes
    }
}
