import SecretStoreCore
import SecretStoreWire

extension InitAnswer {
    /// `initialization` as `GET` and `PUT /init` answer it: every field present.
    init(_ initialization: SealInitialization) {
        self.init(
            initialized: initialization.initialized, keys: initialization.keys,
            keysBase64: initialization.keysBase64, pgpFingerprints: initialization.pgpFingerprints,
            shares: initialization.shares, threshold: initialization.threshold)
    }
}
