import Foundation
import Logging
import SecretStoreCore
import SecretStoreCrypto
import SecretStoreHTTP
import SecretStoreTesting

/// The services a router test needs, over in-memory storage: the store's barrier is initialised
/// and unsealed directly with a random unseal key (no OpenPGP), so that tests run in milliseconds.
enum TestServices {
    static func make(
        identity: IdentityService, storage: InMemoryStorage = InMemoryStorage(), unsealed: Bool = true,
        maximumValueSize: Int = SecretVault.defaultMaximumValueSize, trail: AuditTrail? = nil
    ) async throws -> SecretStoreRouter.Services {
        let barrier = Barrier(storage: storage)
        if unsealed {
            let unsealKey = try SymmetricKey.random()
            try await storage.commit([try barrier.initialKeyringMutation(unsealKey: unsealKey)])
            try await barrier.unseal(with: unsealKey)
        }
        return SecretStoreRouter.Services(
            identity: identity,
            seal: SealService(
                storage: storage, barrier: barrier, wrapping: TestKeyShareWrapping(), mode: .custom,
                logger: Logger(label: "test.seal")),
            vault: SecretVault(storage: storage, barrier: barrier, maximumValueSize: maximumValueSize),
            authority: CertificateAuthority(storage: storage, barrier: barrier, logger: Logger(label: "test.ca")),
            installation: Installation(storage: storage),
            backend: StoreBackendDescription(description: "test", driver: "memory", address: "memory"), trail: trail)
    }
}
