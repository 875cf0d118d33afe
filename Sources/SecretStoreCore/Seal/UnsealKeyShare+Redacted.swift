extension UnsealKeyShare: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The public x coordinate and the key's length, with the key bytes left out: safe for logs.
    public var description: String { "UnsealKeyShare(x: \(x), \(y.count) bytes, redacted)" }

    /// The same redacted text as `description`.
    public var debugDescription: String { description }

    /// A mirror showing only `x`, so `dump` and debuggers never show the key bytes.
    public var customMirror: Mirror { Mirror(self, children: ["x": x], displayStyle: .struct) }
}
