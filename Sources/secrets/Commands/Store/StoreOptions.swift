import ArgumentParser
import SecretStoreWire

/// Which secret store a command acts on: `-s/--store-id`, as `dcos security secrets` names it.
struct StoreOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("store-id")], help: "The secret store (backend) to use.",
        transform: StoreOptions.validated)
    var storeID = "default"

    /// `id` if it is a valid store id; a usage error otherwise.
    static func validated(_ id: String) throws -> String {
        guard NormalizedSecretPath.isValidComponent(id) else {
            throw ValidationError("invalid store id '\(id)': use A-Z, a-z, 0-9, _ and -")
        }
        return id
    }
}
