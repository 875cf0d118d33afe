import SecretStoreCore
import SecretStoreWire

extension RekeyStatusAnswer {
    /// `status` as `GET` and `PUT /rekey` answer it: every field present.
    init(_ status: RekeyStatus) {
        self.init(
            started: status.started, nonce: status.nonce, progress: status.progress, required: status.required,
            shares: status.shares, threshold: status.threshold)
    }
}
