/// A failure the CLI reports as one line and exit status 1 (not a usage error).
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    var description: String

    init(_ description: String) { self.description = description }
}
