/// Where the audit trail is written (`--audit-log`).
public enum AuditDestination: Sendable, Hashable, CustomStringConvertible {
    /// A file, appended to, created with mode 0600 if missing, reopened on `SIGHUP`.
    case file(String)
    /// The process's standard output (`--audit-log -`).
    case standardOutput

    /// `-` for standard output, else a file path.
    public init(_ argument: String) {
        self = argument == "-" ? .standardOutput : .file(argument)
    }

    public var description: String {
        switch self {
        case .file(let path): return path
        case .standardOutput: return "-"
        }
    }
}
