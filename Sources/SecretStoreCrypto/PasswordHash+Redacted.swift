extension PasswordHash: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The scheme and round count, with the salt and hash left out: safe for logs and string interpolation.
    public var description: String { "PasswordHash($6$, rounds: \(rounds), <redacted>)" }

    /// The same redacted text as `description`.
    public var debugDescription: String { description }

    /// A mirror showing only the round count, so `dump` and debuggers never show `encoded`.
    public var customMirror: Mirror { Mirror(self, children: ["rounds": rounds], displayStyle: .struct) }
}
