import SecretStoreCore
import SecretStoreWire

extension SealStatusAnswer {
    /// `status` as the seal routes answer it: every field present.
    init(_ status: SealStatus) {
        self.init(
            sealed: status.sealed, threshold: status.threshold, shares: status.shares, progress: status.progress,
            initialized: status.initialized)
    }
}
