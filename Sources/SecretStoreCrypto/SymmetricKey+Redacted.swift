extension SymmetricKey: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// A fixed text that names the type and hides the key.
    public var description: String { "SymmetricKey(\(byteCount * 8) bits, redacted)" }

    /// The same redacted text as `description`.
    public var debugDescription: String { description }

    /// A mirror with no children, so `dump` and debuggers show no key bytes or buffer address.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
