import SecretStoreWire

extension SecretPath {
    /// Normalises a path as it arrives in a URL, still percent-encoded, by the contract's rule
    /// (`NormalizedSecretPath`): percent-decodes it once, collapses repeated `/`, strips leading
    /// and trailing `/`, then validates the components. An empty result is the whole store, which
    /// only listing accepts (see `secret(_:)`). Throws `INVALID_PATH`.
    public init(normalizing raw: some StringProtocol) throws(SecretError) {
        do {
            self.init(try NormalizedSecretPath(normalizing: String(raw)))
        } catch {
            throw SecretError(error)
        }
    }
}

extension SecretError {
    /// `INVALID_PATH` with the rule's message.
    init(_ violation: SecretPathViolation) {
        self.init(.invalidPath, violation.message)
    }
}
