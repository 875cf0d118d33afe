import CLinuxFile
import Glibc
import Synchronization

/// The open file descriptor of the audit trail. It is only used inside the trail's serial write
/// queue (its blocks, or `queue.sync` on the caller's thread), one at a time: that is why it may
/// be `@unchecked Sendable`; `isRegular` alone is read from anywhere, and is atomic.
final class AuditFile: @unchecked Sendable {
    /// A failed system call, with its `errno`.
    struct Failure: Error, CustomStringConvertible {
        /// What was being done.
        var operation: String
        /// The `errno` it failed with.
        var code: Int32
        var description: String { "\(operation): \(String(cString: strerror(code)))" }
    }

    let destination: AuditDestination
    private var descriptor: Int32
    private let regular = Atomic<Bool>(false)

    /// Whether the open file is a regular file (not a pipe, a socket or a device), whose writes do
    /// not wait for a reader. Read from any thread.
    var isRegular: Bool { regular.load(ordering: .relaxed) }

    /// Opens `destination` for appending (standard output is used as it is).
    init(_ destination: AuditDestination) throws(Failure) {
        self.destination = destination
        descriptor = try Self.open(destination)
        regular.store(Self.isRegularFile(descriptor), ordering: .relaxed)
    }

    deinit { closeDescriptor(descriptor) }

    /// Writes all of `bytes`, retrying short writes and interruptions. Blocks while the reader of a
    /// pipe does not read: which is why only the serial write queue calls it, never a task.
    /// Returns how many bytes were written before a failure, with the failure.
    func write(_ bytes: [UInt8]) -> (written: Int, failure: Failure?) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                return (written, Failure(operation: "write \(destination)", code: errno))
            }
            written += result
        }
        return (written, nil)
    }

    /// Whether the open file was removed (no name links to it any more): writes to it would succeed
    /// and be lost, so the trail reopens the path (`reopen()`) before writing when it is. Checked
    /// before every write, by a `statx` that asks for the link count alone (`cslinuxfile_link_count`
    /// says why not `fstat`: it would cost a journal transaction per line on ext4).
    var isRemoved: Bool {
        guard case .file = destination else { return false }
        return cslinuxfile_link_count(descriptor) <= 0
    }

    /// Whether the path now names another file than the one open (moved away, and a new one made in
    /// its place, by a rotation that sent no `SIGHUP`), or nothing. Lines written meanwhile are in the
    /// moved file, not lost: the trail checks this every sweep, off the requests' path.
    var isReplaced: Bool {
        guard case .file(let path) = destination else { return false }
        var open = stat()
        var named = stat()
        guard fstat(descriptor, &open) == 0, stat(path, &named) == 0 else { return true }
        return open.st_ino != named.st_ino || open.st_dev != named.st_dev
    }

    /// Opens the path anew (after rotation, or a removal) and closes the old descriptor once the
    /// new one is open; on failure the old one is kept.
    func reopen() throws(Failure) {
        guard case .file = destination else { return }
        let opened = try Self.open(destination)
        closeDescriptor(descriptor)
        descriptor = opened
        regular.store(Self.isRegularFile(opened), ordering: .relaxed)
    }

    private static func open(_ destination: AuditDestination) throws(Failure) -> Int32 {
        switch destination {
        case .standardOutput:
            // Never O_NONBLOCK: the descriptor is shared with whoever started the server.
            return STDOUT_FILENO
        case .file(let path):
            let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { throw Failure(operation: "open \(path)", code: errno) }
            return descriptor
        }
    }

    private static func isRegularFile(_ descriptor: Int32) -> Bool {
        var status = stat()
        return fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    private func closeDescriptor(_ descriptor: Int32) {
        if descriptor != STDOUT_FILENO { _ = Glibc.close(descriptor) }
    }
}
