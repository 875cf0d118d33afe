import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file only its owner may read (mode 0600), such as the saved token or a private key. It is
/// written whole to a temporary file that `mkstemp` creates with mode 0600 in the same folder, then
/// renamed over the target: no reader ever sees it half written or with wider permissions.
enum OwnerOnlyFile {
    /// Creates `directory` and its missing parents with mode 0700; an existing folder keeps its mode.
    static func createDirectory(_ directory: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("cannot create the folder \(directory): \(error.localizedDescription)")
        }
    }

    /// Replaces `path` with `contents`, mode 0600, creating its folder (mode 0700) if needed.
    static func write(_ contents: Data, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let directory = target.deletingLastPathComponent().path
        try createDirectory(directory)
        var template = Array("\(directory)/.\(target.lastPathComponent).XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw failure("cannot create a file in \(directory)") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            // mkstemp already gives 0600 (less under a strict umask): make it exactly 0600.
            guard fchmod(descriptor, 0o600) == 0 else { throw failure("cannot set the mode of \(temporary)") }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
            do {
                try handle.write(contentsOf: contents)
                // Durable before the rename, or a crash could leave an empty file under the real name.
                try handle.synchronize()
            } catch {
                throw CLIError("cannot write \(temporary): \(error.localizedDescription)")
            }
        }
        guard rename(temporary, path) == 0 else { throw failure("cannot replace \(path)") }
        renamed = true
    }

    private static func failure(_ what: String) -> CLIError {
        CLIError("\(what): \(String(cString: strerror(errno)))")
    }
}
