import ArgumentParser
import SecretStoreCore

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

    func validate() throws {
        guard (1...(3 * 1024 * 1024)).contains(maximumSecretSize) else {
            throw ValidationError("--max-secret-size must be between 1 and 3145728 bytes")
        }
    }
}
