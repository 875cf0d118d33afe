import Foundation

/// A file anyone may read, such as a certificate: written whole to a temporary file beside it and
/// renamed over it, so no reader sees it half written.
enum PublicFile {
    /// Replaces `path` with `text`.
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
