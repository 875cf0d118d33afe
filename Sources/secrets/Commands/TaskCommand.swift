#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The command a task runs once its secrets are delivered. It is looked up on `PATH` as `execvp`
/// looks it up, before any secret is fetched, and then run in place of this process (`execve`),
/// so that its signals and exit status are the task's own.
struct TaskCommand {
    /// A command that cannot run, with the exit status a shell gives: 127 when it does not exist,
    /// 126 when it exists but cannot be executed. The message names the command, nothing else.
    struct Failure: Error, CustomStringConvertible {
        /// 126 or 127.
        var status: Int32
        /// What went wrong.
        var description: String
    }

    /// The search path when `PATH` is not set.
    static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// The command and its arguments, as given.
    let arguments: [String]
    /// The file that will be executed.
    let executable: String

    /// Finds `arguments[0]`: as it is when it holds a `/`, else in the folders of `searchPath`.
    init(arguments: [String], searchPath: String?) throws(Failure) {
        guard let name = arguments.first, !name.isEmpty else {
            throw Failure(status: 127, description: "no command to run")
        }
        self.arguments = arguments
        if name.contains("/") {
            switch Self.kind(of: name) {
            case .missing: throw Failure(status: 127, description: "\(name): no such file")
            case .notExecutable: throw Failure(status: 126, description: "\(name): not an executable file")
            case .executable: executable = name
            }
            return
        }
        var notExecutable = false
        for folder in (searchPath ?? Self.defaultSearchPath).split(separator: ":", omittingEmptySubsequences: false) {
            // An empty entry of PATH is the current folder, as for execvp and the shell.
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + name
            switch Self.kind(of: candidate) {
            case .executable:
                executable = candidate
                return
            case .notExecutable: notExecutable = true
            case .missing: continue
            }
        }
        if notExecutable { throw Failure(status: 126, description: "\(name): not an executable file") }
        throw Failure(status: 127, description: "\(name): command not found")
    }

    private enum Kind {
        case missing, notExecutable, executable
    }

    private static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        guard info.st_mode & S_IFMT == S_IFREG, access(path, X_OK) == 0 else { return .notExecutable }
        return .executable
    }

    /// Runs the command in place of this process with `environment`; returns only when `execve`
    /// fails. A file the kernel cannot execute (no `#!` line) is run by `/bin/sh`, as `execvp` does.
    func replaceProcess(environment: TaskEnvironment) -> Failure {
        let argv = arguments.map { Array($0.utf8) }
        let shellArgv = [Array("sh".utf8), Array(executable.utf8)] + argv.dropFirst()
        let code = Self.withCStrings(environment.entries) { envp in
            var code = Self.withCStrings(argv) { argv in
                execve(executable, argv, envp)
                return errno
            }
            if code == ENOEXEC {
                code = Self.withCStrings(shellArgv) { argv in
                    execve("/bin/sh", argv, envp)
                    return errno
                }
            }
            return code
        }
        let status: Int32 = code == ENOENT ? 127 : 126
        return Failure(status: status, description: "\(arguments[0]): \(String(cString: strerror(code)))")
    }

    /// `strings` as a NULL-terminated array of C strings for the time of `body`; the copies are
    /// zeroed when freed, since environment entries hold secret values.
    private static func withCStrings<Result>(
        _ strings: [[UInt8]], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
    ) -> Result {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { bytes in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count + 1)
            for (index, byte) in bytes.enumerated() { copy[index] = CChar(bitPattern: byte) }
            copy[bytes.count] = 0
            return copy
        }
        pointers.append(nil)
        defer {
            for (pointer, bytes) in zip(pointers, strings) {
                pointer?.update(repeating: 0, count: bytes.count + 1)
                pointer?.deallocate()
            }
        }
        return body(pointers)
    }
}
