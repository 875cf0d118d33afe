import SecretStoreConcurrency
import SecretStoreCore
import SecretStoreGPG

/// Core's key-share wrapping over gpgme: each call works in a fresh `GPGContext` (its own private
/// GnuPG home, removed with its gpg-agent when the call ends), on a Dispatch thread, since gpg runs
/// as a child process for tens of milliseconds to seconds.
public struct GPGKeyShareWrapping: KeyShareWrapping {
    /// A wrapper; it holds no state between calls.
    public init() {}

    public func generateKeyPair(userID: String) async throws -> WrappingKeyPair {
        try await runOffPool {
            try withContext { context in
                let fingerprint = try context.generateKeyPair(userID: userID)
                let publicKey = try context.exportPublicKey(fingerprint: fingerprint, armored: true)
                return WrappingKeyPair(
                    publicKey: String(decoding: publicKey, as: UTF8.self),
                    secretKey: try context.exportSecretKey(fingerprint: fingerprint))
            }
        }
    }

    public func wrap(_ shares: [[UInt8]], to publicKeys: [String]) async throws -> [WrappedKeyShare] {
        precondition(shares.count == publicKeys.count, "one public key per share")
        return try await runOffPool {
            try withContext { context in
                var fingerprints: [String] = []
                for (index, key) in publicKeys.enumerated() {
                    do {
                        fingerprints.append(try context.importPublicKey(encoded: key))
                    } catch {
                        throw KeyShareWrappingError(index: index, reason: "\(error)")
                    }
                }
                return try zip(shares, fingerprints).map { share, fingerprint in
                    WrappedKeyShare(fingerprint: fingerprint, message: try context.encrypt(share, to: fingerprint))
                }
            }
        }
    }

    public func unwrap(_ message: [UInt8], secretKey: String) async throws -> [UInt8] {
        try await runOffPool {
            try withContext { context in
                _ = try context.importKey(Array(secretKey.utf8))
                return try context.decrypt(message)
            }
        }
    }

    /// Runs `body` with a fresh context, closed (home and agent gone) whatever the outcome.
    private func withContext<T>(_ body: (GPGContext) throws -> T) throws -> T {
        let context = try GPGContext()
        defer { context.close() }
        return try body(context)
    }
}
