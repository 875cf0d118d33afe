import ArgumentParser
import SecretStoreCore
import SecretStoreHTTP

extension SealService.Mode: ExpressibleByArgument {}

/// Options of the store itself: how it is unsealed and how large a secret may be.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("unseal-mode"),
        help: """
            bootstrap: initialise with a generated key pair kept in ZooKeeper and unseal automatically; \
            custom: wait for PUT /secrets/v1/init with operators' OpenPGP keys and for their shares.
            """)
    var unsealMode: SealService.Mode = .bootstrap

    @Option(name: .customLong("max-secret-size"), help: "The largest secret value accepted, in bytes.")
    var maximumSecretSize = SecretVault.defaultMaximumValueSize

    @Option(
        name: .customLong("max-store-bytes"),
        help: "The most bytes of encrypted secrets the store holds, across every instance (507 past it).")
    var maximumStoreBytes = CapacityLimits.standard.maximum.bytes

    @Option(
        name: .customLong("max-secrets"), help: "The most secrets the store holds, across every instance (507 past it)."
    )
    var maximumSecrets = CapacityLimits.standard.maximum.secrets

    @Option(
        name: .customLong("max-upload-memory"),
        help: "The bytes secret uploads in progress may take together; past it uploads wait, then get 429.")
    var maximumUploadMemory = UploadBudget.defaultCapacity

    /// The capacity budget these options describe.
    var capacityLimits: CapacityLimits {
        CapacityLimits(maximumBytes: maximumStoreBytes, maximumSecrets: maximumSecrets)
    }

    func validate() throws {
        guard maximumStoreBytes >= 0, maximumSecrets >= 0 else {
            throw ValidationError("--max-store-bytes and --max-secrets cannot be negative")
        }
        // One upload reserves its body plus four times its value: the budget must take the largest.
        let largestUpload = UploadBudget.reservation(
            contentLength: maximumSecretSize, bodyLimit: maximumSecretSize, valueLimit: maximumSecretSize)
        guard maximumUploadMemory >= largestUpload else {
            throw ValidationError("--max-upload-memory must be at least \(largestUpload) bytes (5 x --max-secret-size)")
        }
        guard (1...(3 * 1024 * 1024)).contains(maximumSecretSize) else {
            throw ValidationError("--max-secret-size must be between 1 and 3145728 bytes")
        }
    }
}
