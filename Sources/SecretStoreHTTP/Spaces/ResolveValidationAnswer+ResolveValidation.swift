import SecretStoreCore
import SecretStoreWire

extension ResolveValidationAnswer {
    /// `validation` as `?validate=true` answers it.
    init(_ validation: ResolveValidation) {
        self.init(allowed: validation.allowed, denied: validation.denied, missing: validation.missing)
    }
}
