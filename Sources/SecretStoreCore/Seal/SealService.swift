import Foundation
import Logging
import SecretStoreConcurrency
import ServiceLifecycle
import Synchronization

/// Initialisation, sealing and unsealing of one store on this instance (contract §3).
///
/// In bootstrap mode the first instance to start initialises the store with a key pair it
/// generates and keeps in storage, and every instance unseals itself on start unless an operator
/// sealed the store (`PUT /seal` records that intent in storage). In custom mode the store waits for
/// `PUT /init` and every instance waits for its shares. As a `Service` it prepares the store in the
/// background, retrying while storage is unreachable, then follows other instances' keyring changes.
public final class SealService: Service, Sendable {
    /// Whether the server may initialise and unseal the store by itself.
    public enum Mode: String, Sendable, CaseIterable {
        /// Generate a key pair, keep it in storage, unseal automatically.
        case bootstrap
        /// Wait for `PUT /init` and for operators' shares.
        case custom
    }

    /// The barrier this service unseals.
    public let barrier: Barrier
    let storage: any Storage
    /// Encrypts shares to public keys and decrypts the bootstrap share.
    let wrapping: any KeyShareWrapping
    let mode: Mode
    let logger: Logger
    /// The stored configuration, once read (it never changes after initialisation).
    let cachedConfiguration = Mutex<SealConfiguration?>(nil)
    /// Shares entered so far towards the threshold.
    let progress = Mutex(UnsealProgress())
    /// One initialisation, unseal or seal at a time.
    let operationGate = AsyncGate()

    /// A service for the store `barrier` seals, on `storage`, keeping shares with `wrapping`.
    public init(
        storage: any Storage, barrier: Barrier, wrapping: any KeyShareWrapping, mode: Mode, logger: Logger
    ) {
        self.storage = storage
        self.wrapping = wrapping
        self.barrier = barrier
        self.mode = mode
        self.logger = logger
    }

    /// Prepares the store (bootstrap initialisation and automatic unseal, retried until storage
    /// answers), then reloads the keyring whenever another instance changes it, until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            let prepared: Void? = await retrying(with: Self.retryBackoff) {
                try await self.prepare()
            } failed: { error in
                self.logger.warning("Cannot prepare the store yet; retrying", metadata: ["error": "\(error)"])
            }
            guard prepared != nil else { return }
            await self.followKeyring()
        }
    }

    /// How long to wait before trying again while storage is unreachable.
    static let retryBackoff = Backoff(initial: .milliseconds(200), maximum: .seconds(5))

    /// Bootstrap mode: initialise if nobody has, then unseal unless an operator sealed the store.
    func prepare() async throws {
        guard mode == .bootstrap else {
            _ = try await configuration()
            return
        }
        if try await configuration() == nil {
            try await operationGate.withTurn { try await initializeBootstrap() }
        }
        guard try await configuration()?.mode == .bootstrap else {
            logger.notice("The store was initialised with custom keys: waiting for operators' shares")
            return
        }
        // The intent is read in the same turn as the unseal, so a `PUT /seal` in between is not undone;
        // and starting up never clears an intent another instance may have recorded meanwhile.
        try await operationGate.withTurn {
            if try await storage.read(StoreLayout.intendedSeal) != nil {
                logger.notice("The store was sealed by an operator: staying sealed until unsealed")
                return
            }
            try await unsealWithBootstrapKey(clearingIntent: false)
        }
    }

    /// Watches the keyring record and reloads it while unsealed; storage outages are ridden out.
    private func followKeyring() async {
        var backoff = Self.retryBackoff
        while !Task.isCancelled {
            do {
                let changes = try await storage.watch(StoreLayout.keyring)
                backoff.reset()
                for await _ in changes where !barrier.isSealed {
                    do {
                        try await barrier.reloadKeyring()
                    } catch {
                        logger.warning("Cannot reload the keyring", metadata: ["error": "\(error)"])
                    }
                }
            } catch {
                await backoff.sleep()
            }
        }
    }

    /// This instance's seal status.
    public func status() async throws -> SealStatus {
        let configuration = try await configuration()
        return SealStatus(
            sealed: barrier.isSealed, threshold: configuration?.threshold ?? 0, shares: configuration?.shares ?? 0,
            progress: progress.withLock { $0.count }, initialized: configuration != nil)
    }

    /// The stored configuration, read once it exists; `nil` before initialisation.
    func configuration() async throws -> SealConfiguration? {
        if let cached = cachedConfiguration.withLock({ $0 }) { return cached }
        guard let stored = try await storage.read(StoreLayout.sealConfiguration) else { return nil }
        let configuration = try SealConfiguration(decoding: stored.bytes)
        cachedConfiguration.withLock { $0 = configuration }
        return configuration
    }
}
