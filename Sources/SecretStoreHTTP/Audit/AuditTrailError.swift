/// The audit trail cannot start: its file does not open.
public struct AuditTrailError: Error, CustomStringConvertible {
    /// What failed; names the file, never a line.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
