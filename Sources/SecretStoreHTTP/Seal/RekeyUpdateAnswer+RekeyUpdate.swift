import SecretStoreCore
import SecretStoreWire

extension RekeyUpdateAnswer {
    /// `update` as `PUT /rekey/update` answers it: the progress, or the new shares.
    init(_ update: RekeyUpdate) {
        switch update {
        case .progress(let status):
            self.init(nonce: status.nonce, progress: status.progress, required: status.required)
        case .completed(let nonce, let initialization):
            self.init(nonce: nonce, shares: InitAnswer(initialization))
        }
    }
}
