import Foundation
import Logging
import SecretStoreCore
import SecretStoreTesting
import Testing

/// One server instance's seal parts over shared storage, with `TestKeyShareWrapping` for the
/// OpenPGP side: a "key" is the same `test-key:` text in its public and secret halves.
struct SealInstance {
    let barrier: Barrier
    let service: SealService
    static let wrapping = TestKeyShareWrapping()

    init(storage: any Storage, mode: SealService.Mode = .custom) {
        barrier = Barrier(storage: storage)
        service = SealService(
            storage: storage, barrier: barrier, wrapping: Self.wrapping, mode: mode, logger: Logger(label: "test.seal"))
    }

    /// `count` fresh operator keys.
    static func keys(_ count: Int) async throws -> [String] {
        var keys: [String] = []
        for _ in 0..<count { keys.append(try await wrapping.generateKeyPair(userID: "operator").secretKey) }
        return keys
    }

    /// Each share of `initialization` decrypted with the key of the same index, in hex.
    static func shares(of initialization: SealInitialization, keys: [String]) async throws -> [String] {
        var shares: [String] = []
        for (message, key) in zip(initialization.keys, keys) {
            let bytes = try await wrapping.unwrap(try #require(Hex.decode(message)), secretKey: key)
            shares.append(String(decoding: bytes, as: UTF8.self))
        }
        return shares
    }

    /// Enters `shares` one by one; the last status.
    @discardableResult
    func unseal(_ shares: [String]) async throws -> SealStatus {
        var status = try await service.status()
        for share in shares { status = try await service.unseal(key: share, reset: false) }
        return status
    }

    /// Enters `shares` towards the rekey `nonce`; the last outcome.
    func rekey(_ nonce: String, _ shares: [String]) async throws -> RekeyUpdate? {
        var update: RekeyUpdate?
        for share in shares { update = try await service.updateRekey(nonce: nonce, key: share) }
        return update
    }

    /// Polls until the barrier is sealed (`true`) or is not, at most `limit`.
    func waitUntil(sealed: Bool, within limit: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if barrier.isSealed == sealed { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}

extension RekeyUpdate {
    /// The new shares, if this update completed the rekey.
    var completed: SealInitialization? {
        if case .completed(_, let initialization) = self { return initialization }
        return nil
    }

    /// The progress, if this update did not complete the rekey.
    var progress: Int? {
        if case .progress(let status) = self { return status.progress }
        return nil
    }
}
