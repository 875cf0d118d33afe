#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An open folder inside the sandbox. Folders are walked by file descriptor, each opened from its
/// parent's with `O_NOFOLLOW`, so that no symbolic link is ever followed and nothing swapped in
/// between a check and a write can redirect a file outside the sandbox. The descriptor never
/// leaves the class and is closed when it goes.
final class SandboxFolder {
    /// What a folder entry is, as `fstatat` sees it without following links.
    enum EntryKind {
        /// A folder.
        case folder
        /// A symbolic link (never followed).
        case symbolicLink
        /// A regular file or anything else that is no folder.
        case other
    }

    /// The folder's path relative to the sandbox (`.` for the sandbox itself), for messages.
    let path: String
    private let descriptor: Int32

    /// Opens the sandbox folder at `root`, an absolute path without symbolic links (`realpath`'s).
    init(root: String) throws {
        let descriptor = open(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else { throw Self.failure("cannot open the sandbox folder \(root)") }
        self.descriptor = descriptor
        path = "."
    }

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// The path of `name` in this folder, relative to the sandbox.
    func childPath(_ name: String) -> String { path == "." ? name : path + "/" + name }

    /// What `name` is in this folder; `nil` when there is nothing by that name.
    func kind(of name: String) throws -> EntryKind? {
        var info = stat()
        guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT { return nil }
            throw Self.failure("cannot inspect \(childPath(name)) in the sandbox")
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder
        case S_IFLNK: return .symbolicLink
        default: return .other
        }
    }

    /// The folder `name` in this folder, opened without following a link; `nil` when it does not
    /// exist. A symbolic link or a file by that name is refused.
    func subfolder(_ name: String) throws -> SandboxFolder? {
        let child = openat(descriptor, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if child >= 0 { return SandboxFolder(descriptor: child, path: childPath(name)) }
        let code = errno
        if code == ENOENT { return nil }
        // O_NOFOLLOW fails with ELOOP on a link, O_DIRECTORY with ENOTDIR on a file (or a link,
        // depending on the kernel): look at the entry itself to say which.
        if code == ELOOP || code == ENOTDIR {
            if try kind(of: name) == .symbolicLink {
                throw CLIError("\(childPath(name)) in the sandbox is a symbolic link: refused")
            }
            throw CLIError("\(childPath(name)) in the sandbox is not a folder")
        }
        errno = code
        throw Self.failure("cannot open \(childPath(name)) in the sandbox")
    }

    /// Creates the folder `name`, mode 0700; `false` when something by that name exists already.
    func createSubfolder(_ name: String) throws -> Bool {
        guard mkdirat(descriptor, name, 0o700) == 0 else {
            if errno == EEXIST { return false }
            throw Self.failure("cannot create the folder \(childPath(name)) in the sandbox")
        }
        return true
    }

    /// Creates the new file `name` (never an existing one, never through a link), mode 0400, and
    /// writes `contents` to it durably. A file this call created is removed again if it fails.
    func writeNewFile(_ name: String, contents: [UInt8]) throws {
        let file = openat(descriptor, name, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0o400)
        guard file >= 0 else { throw Self.failure("cannot create a file in \(path) of the sandbox") }
        var written = false
        defer {
            close(file)
            if !written { unlinkat(descriptor, name, 0) }
        }
        // The umask may have taken bits away: make it exactly 0400.
        guard fchmod(file, 0o400) == 0 else { throw Self.failure("cannot set the mode of a file in \(path)") }
        var offset = 0
        while offset < contents.count {
            let count = contents.withUnsafeBytes { buffer in
                write(file, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure("cannot write a file in \(path) of the sandbox")
            }
            offset += count
        }
        guard fsync(file) == 0 else { throw Self.failure("cannot flush a file in \(path) of the sandbox") }
        written = true
    }

    /// Renames `source` to `target` in this folder, replacing what `target` was (a link is
    /// replaced, not followed).
    func rename(_ source: String, to target: String) throws {
        guard renameat(descriptor, source, descriptor, target) == 0 else {
            throw Self.failure("cannot put \(childPath(target)) in place")
        }
    }

    /// Removes the file (or link) `name`, if it can; for cleaning up after a failure.
    func removeFile(_ name: String) {
        unlinkat(descriptor, name, 0)
    }

    /// Removes the folder `name` if it is empty; for cleaning up after a failure.
    func removeFolder(_ name: String) {
        unlinkat(descriptor, name, AT_REMOVEDIR)
    }

    /// Makes the folder's entries (a rename into it) durable.
    func synchronize() throws {
        guard fsync(descriptor) == 0 else { throw Self.failure("cannot flush the folder \(path) of the sandbox") }
    }

    private static func failure(_ what: String) -> CLIError {
        CLIError("\(what): \(String(cString: strerror(errno)))")
    }
}
