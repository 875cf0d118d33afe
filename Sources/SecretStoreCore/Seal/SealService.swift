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
    /// The stored configuration as last read. A rekey (on any instance) or a restore replaces it:
    /// whatever checks shares reads it afresh, and a watch keeps this copy current for `status()`.
    let cachedConfiguration = Mutex<SealConfiguration?>(nil)
    /// Shares entered so far towards the threshold.
    let progress = Mutex(UnsealProgress())
    /// The rekey in progress on this instance, if any.
    let rekeyAttempt = Mutex<RekeyAttempt?>(nil)
    /// One initialisation, unseal, seal or rekey step at a time.
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
            await withDiscardingTaskGroup { group in
                group.addTask { await self.followKeyring() }
                group.addTask { await self.followConfiguration() }
            }
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

    /// Watches the keyring record and reloads it while unsealed; storage outages are ridden out. A
    /// keyring this instance's unseal key no longer opens (a rekey through another instance) seals
    /// the barrier (`Barrier.reloadKeyring()`).
    private func followKeyring() async {
        await storage.follow(StoreLayout.keyring, backoff: Self.retryBackoff) {
            guard !self.barrier.isSealed else { return }
            do {
                try await self.barrier.reloadKeyring()
            } catch let error as SealError where error.code == .sealed {
                // Sealed meanwhile, or sealed itself after a rekey (the barrier logged it).
            } catch {
                self.logger.warning("Cannot reload the keyring", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Watches the seal configuration and reloads it whenever it changes (a rekey or a restore
    /// through any instance), so that a sealed instance takes the new shares.
    private func followConfiguration() async {
        await storage.follow(StoreLayout.sealConfiguration, backoff: Self.retryBackoff) {
            do {
                try await self.reloadConfiguration()
            } catch {
                self.logger.warning("Cannot reload the seal configuration", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Reads the seal configuration again, as after a rekey or a restore through another instance:
    /// shares entered towards an unseal key that was replaced are forgotten, and an unsealed
    /// instance whose unseal key no longer opens the keyring seals itself. Runs on every change of
    /// the record; callable by whatever replaces the record itself (a restore).
    public func reloadConfiguration() async throws {
        try await operationGate.withTurn {
            let configuration = try await freshConfiguration()
            progress.withLock { $0.bind(to: configuration?.shareDigests ?? []) }
            guard configuration != nil, !barrier.isSealed else { return }
            do {
                try await barrier.reloadKeyring()
            } catch let error as SealError where error.code == .sealed {
                // The barrier sealed itself and said why.
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

    /// The configuration as last read (from storage if never read); `nil` before initialisation.
    /// For reports only: whatever checks shares uses `freshConfiguration()`.
    func configuration() async throws -> SealConfiguration? {
        if let cached = cachedConfiguration.withLock({ $0 }) { return cached }
        return try await freshConfiguration()
    }

    /// The configuration read from storage now (another instance may have rekeyed), cached.
    func freshConfiguration() async throws -> SealConfiguration? {
        try await storedConfiguration()?.configuration
    }

    /// The configuration read from storage now, with its version; cached.
    func storedConfiguration() async throws -> (configuration: SealConfiguration, version: StorageVersion)? {
        guard let stored = try await storage.read(StoreLayout.sealConfiguration) else {
            cachedConfiguration.withLock { $0 = nil }
            return nil
        }
        let configuration = try SealConfiguration(decoding: stored.bytes)
        cachedConfiguration.withLock { $0 = configuration }
        return (configuration, stored.version)
    }
}
