import SecretStoreCore
import SecretStoreWire

extension ResolveAnswer {
    /// The answer delivering `resolved`, in order.
    init(_ resolved: [ResolvedSecret]) {
        self.init(secrets: resolved.map(DeliveredSecret.init))
    }
}
