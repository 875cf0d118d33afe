import SecretStoreCore
import SecretStoreWire

extension StoreCapacityAnswer {
    /// The budget's `status` as `GET /store` shows it.
    init(_ status: CapacityStatus) {
        self.init(
            storeBytes: status.used.bytes, storeBytesBudget: status.maximum.bytes, secrets: status.used.secrets,
            secretsBudget: status.maximum.secrets, allocatedBytes: status.allocated.bytes,
            allocatedSecrets: status.allocated.secrets)
    }
}
