import Foundation
import Logging
import SecretStoreCrypto
import Synchronization

/// The only part of the server that reads or writes secret material in storage.
///
/// Values are sealed with AES-256-GCM under the active data key of the keyring and stored as an
/// `Envelope` bound to the store id, the value's path, the envelope version and the key's term.
/// The keyring itself is stored sealed under the unseal key, which the barrier holds only while
/// unsealed. Each data key is retired before `BarrierLimits.rotationThreshold` encryptions; the
/// count is reserved in the keyring record in blocks, so several instances sharing the keyring
/// together never exceed it. See docs/key-hierarchy.md.
public final class Barrier: Sendable {
    /// The store whose values this barrier seals; part of every envelope's associated data.
    public let storeID: String
    let storage: any Storage
    let limits: BarrierLimits
    let logger: Logger
    let state = Mutex(BarrierState.sealed)
    /// Serialises this instance's keyring writes (reservations, rotations, reloads).
    let keyringGate = AsyncGate()
    /// Whoever follows the seal state (`sealStates()`).
    let sealWatchers = Mutex(SealWatchers())
    /// Counts encryptions per key term.
    let metrics: StoreMetrics

    /// A sealed barrier over `storage`.
    public init(
        storage: any Storage, storeID: String = "default", limits: BarrierLimits = .standard,
        logger: Logger = Logger(label: "secretstore.barrier"), metrics: StoreMetrics = StoreMetrics()
    ) {
        self.metrics = metrics
        self.storage = storage
        self.storeID = storeID
        self.limits = limits
        self.logger = logger
    }

    /// Whether the barrier holds no keys.
    public var isSealed: Bool {
        state.withLock { if case .sealed = $0 { true } else { false } }
    }

    /// The active term, its install time and its encryptions; `.sealed` error while sealed.
    public func keyStatus() throws -> KeyStatus {
        guard let status = state.withLock({ $0.keyStatus }) else { throw SealError(.sealed, "the store is sealed") }
        return status
    }

    /// Seals `plaintext` for `path` under the active data key.
    public func encrypt(_ plaintext: [UInt8], path: String) async throws -> [UInt8] {
        while true {
            switch state.withLock({ $0.takeEncryption() }) {
            case .sealed:
                throw SealError(.sealed, "the store is sealed")
            case .use(let dataKey):
                let box = try AESGCM.seal(
                    plaintext, using: dataKey.key,
                    authenticating: Envelope.associatedData(storeID: storeID, path: path, term: dataKey.term))
                metrics.encrypted(term: dataKey.term)
                return Envelope(term: dataKey.term, box: box).encoded
            case .reserve:
                try await reserveEncryptions()
            }
        }
    }

    /// Opens what `encrypt` sealed for `path`. Anything else (a changed byte, an envelope moved from
    /// another path or store) is `StorageError.corrupted`, never wrong plaintext.
    public func decrypt(_ bytes: [UInt8], path: String) async throws -> [UInt8] {
        let envelope = try Envelope(decoding: bytes, path: path)
        guard envelope.term > 0 else { throw StorageError(.corrupted, "the value at \(path) is not a secret envelope") }
        var dataKey = try state.withLock { try $0.key(term: envelope.term) }
        if dataKey == nil {
            // Another instance may have added the term since this one read the keyring.
            try await reloadKeyring()
            dataKey = try state.withLock { try $0.key(term: envelope.term) }
        }
        guard let dataKey else {
            throw StorageError(
                .corrupted, "the value at \(path) names key term \(envelope.term), which the keyring lacks")
        }
        do {
            return try AESGCM.open(
                envelope.box, using: dataKey.key,
                authenticating: Envelope.associatedData(storeID: storeID, path: path, term: envelope.term))
        } catch let error as CryptoError where error.code == .authenticationFailed {
            throw StorageError(.corrupted, "the value at \(path) failed authentication: it was changed or moved")
        }
    }
}
