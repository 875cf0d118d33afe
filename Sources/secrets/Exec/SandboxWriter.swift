import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes secret files into a task's sandbox folder, all or none, never outside it.
///
/// The sandbox is resolved once with `realpath`; every file is then reached by walking its folders
/// from a descriptor of the sandbox without following links (`SandboxFolder`). A destination that
/// leaves the sandbox through `..`, lies outside it, or passes through a symbolic link is refused,
/// and every destination is checked before anything is written. Each file is written to a new
/// temporary file (mode 0400) in its folder, made durable, and only when every one is written are
/// they renamed over their destinations. On any failure the files and folders written so far are
/// removed.
struct SandboxWriter {
    /// One file to write.
    struct File {
        /// Where it goes.
        var destination: SandboxDestination
        /// Its bytes, a secret's value: never printed.
        var contents: [UInt8]
    }

    /// The sandbox folder, as `realpath` resolved it.
    let root: String
    /// What an absolute destination may start with: the sandbox as given (made absolute) and its real path.
    private let prefixes: [[String]]

    /// A writer into the folder `sandbox`, which must exist.
    init(sandbox: String) throws {
        guard let resolved = realpath(sandbox, nil) else {
            throw CLIError("the sandbox folder \(sandbox) cannot be resolved: \(String(cString: strerror(errno)))")
        }
        root = String(cString: resolved)
        free(resolved)
        let absolute = sandbox.hasPrefix("/") ? sandbox : FileManager.default.currentDirectoryPath + "/" + sandbox
        var given: [String] = []
        for component in absolute.split(separator: "/") where component != "." {
            if component == ".." { _ = given.popLast() } else { given.append(String(component)) }
        }
        prefixes = [given, root.split(separator: "/").map(String.init)]
    }

    /// The destination `raw` names: relative to the sandbox, or absolute inside it. Refused when it
    /// holds a `..` component, lies outside the sandbox or names the sandbox itself.
    func destination(_ raw: String) throws -> SandboxDestination {
        let components = raw.split(separator: "/").map(String.init).filter { $0 != "." }
        guard !components.contains("..") else {
            throw CLIError("the file destination \(raw) leaves the sandbox through '..': refused")
        }
        var inside = components
        if raw.hasPrefix("/") {
            guard let prefix = prefixes.first(where: { components.starts(with: $0) }) else {
                throw CLIError("the file destination \(raw) is outside the sandbox \(root): refused")
            }
            inside = Array(components.dropFirst(prefix.count))
        }
        guard !inside.isEmpty else { throw CLIError("the file destination \(raw) names the sandbox itself") }
        return SandboxDestination(components: inside)
    }

    /// Checks `destinations` without writing anything: none given twice, none inside another, no
    /// existing folder on the way that is a symbolic link or a file, no existing folder in the
    /// file's place. A symbolic link in the file's place is allowed: it is replaced, not followed.
    func check(_ destinations: [SandboxDestination]) throws {
        var seen: Set<SandboxDestination> = []
        for destination in destinations where !seen.insert(destination).inserted {
            throw CLIError("the file destination \(destination) is given twice")
        }
        for destination in destinations {
            if let outer = destinations.first(where: {
                $0 != destination && destination.folders.starts(with: $0.components)
            }) {
                throw CLIError("the file destination \(outer) is also a folder of \(destination)")
            }
        }
        let sandbox = try SandboxFolder(root: root)
        for destination in destinations {
            var folder = sandbox
            var complete = true
            for name in destination.folders {
                // A missing folder is created at write time: there is nothing further to check.
                guard let next = try folder.subfolder(name) else {
                    complete = false
                    break
                }
                folder = next
            }
            if complete, try folder.kind(of: destination.name) == .folder {
                throw CLIError("the file destination \(destination) is a folder in the sandbox")
            }
        }
    }

    /// Writes every file, or none: see the type's description. `interruption`, for tests, runs
    /// before each file (with its index) and may throw to fail the write at that point.
    func write(_ files: [File], interruption: ((Int) throws -> Void)? = nil) throws {
        try check(files.map(\.destination))
        let sandbox = try SandboxFolder(root: root)
        var created: [(parent: SandboxFolder, name: String)] = []
        var staged: [(folder: SandboxFolder, temporary: String, name: String)] = []
        var renamed = 0
        do {
            for (index, file) in files.enumerated() {
                try interruption?(index)
                let folder = try open(file.destination.folders, from: sandbox, created: &created)
                let temporary = Self.temporaryName()
                try folder.writeNewFile(temporary, contents: file.contents)
                staged.append((folder, temporary, file.destination.name))
            }
            for entry in staged {
                try entry.folder.rename(entry.temporary, to: entry.name)
                renamed += 1
            }
            for entry in staged { try entry.folder.synchronize() }
        } catch {
            for (index, entry) in staged.enumerated() {
                entry.folder.removeFile(index < renamed ? entry.name : entry.temporary)
            }
            for folder in created.reversed() { folder.parent.removeFolder(folder.name) }
            throw error
        }
    }

    /// Opens `folders` from `sandbox`, creating the missing ones (mode 0700), each recorded in `created`.
    private func open(
        _ folders: [String], from sandbox: SandboxFolder, created: inout [(parent: SandboxFolder, name: String)]
    ) throws -> SandboxFolder {
        var folder = sandbox
        for name in folders {
            if let next = try folder.subfolder(name) {
                folder = next
                continue
            }
            if try folder.createSubfolder(name) { created.append((folder, name)) }
            guard let next = try folder.subfolder(name) else {
                throw CLIError(
                    "the folder \(folder.childPath(name)) in the sandbox vanished while it was being created")
            }
            folder = next
        }
        return folder
    }

    /// A name no destination clashes with in practice, of fixed length whatever the file's name.
    private static func temporaryName() -> String {
        ".secrets-exec-" + String(UInt64.random(in: .min ... .max), radix: 16)
    }
}
