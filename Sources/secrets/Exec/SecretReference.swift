import SecretStoreWire

/// One secret a task receives and where it goes: an environment variable, or a file in the
/// sandbox. The path is normalised as the server normalises it, so that it matches the path the
/// resolve answer names.
struct SecretReference: Hashable, CustomStringConvertible {
    /// Where a secret's value goes.
    enum Target: Hashable, CustomStringConvertible {
        /// The environment variable of this name.
        case environment(String)
        /// The file at this destination, relative to the sandbox or absolute inside it.
        case file(String)

        /// `environment variable NAME` or `file DEST`, for messages.
        var description: String {
            switch self {
            case .environment(let name): "environment variable \(name)"
            case .file(let destination): "file \(destination)"
            }
        }
    }

    /// The secret's normalised path, without a leading `/`.
    let path: String
    /// Where the value goes.
    let target: Target

    /// `path` for `target`; throws when the path is not a valid secret path or the target cannot
    /// be one (an empty variable name or one holding `=`, an empty destination).
    init(path raw: String, target: Target) throws {
        guard let parsed = try? NormalizedSecretPath.argument(raw) else {
            throw CLIError("invalid secret path '\(raw)' for the \(target)")
        }
        switch target {
        case .environment(let name):
            // execve's environment is `NAME=VALUE` strings: a name holds no `=` and no NUL.
            guard !name.isEmpty, !name.contains("="), !name.contains("\0") else {
                throw CLIError("invalid environment variable name '\(name)'")
            }
        case .file(let destination):
            guard !destination.isEmpty, !destination.contains("\0") else {
                throw CLIError("invalid file destination '\(destination)' for secret \(parsed)")
            }
        }
        path = parsed.description
        self.target = target
    }

    /// A `NAME=PATH` (`--env`) or `DEST=PATH` (`--file`) option; the split is at the first `=`.
    init(option: String, target makeTarget: (String) -> Target) throws {
        guard let equals = option.firstIndex(of: "=") else {
            throw CLIError("'\(option)' is not of the form NAME=PATH")
        }
        try self.init(
            path: String(option[option.index(after: equals)...]), target: makeTarget(String(option[..<equals])))
    }

    /// `secret PATH -> TARGET`.
    var description: String { "secret \(path) for the \(target)" }
}
