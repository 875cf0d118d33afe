import Foundation

/// A new folder under the system's temporary folder for one test, removed by `remove()`.
struct TemporaryFolder {
    /// The folder's absolute path.
    let path: String

    /// Creates the folder.
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    /// `path/relative`.
    func callAsFunction(_ relative: String) -> String { path + "/" + relative }

    /// Creates the file `relative` holding `text`, with permission bits `mode`.
    func create(_ relative: String, _ text: String, mode: Int = 0o600) throws {
        guard
            FileManager.default.createFile(
                atPath: self(relative), contents: Data(text.utf8), attributes: [.posixPermissions: mode])
        else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Removes the folder and everything in it.
    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Every entry below the folder, relative, sorted, hidden ones included.
    func listing() -> [String] {
        (FileManager.default.subpaths(atPath: path) ?? []).sorted()
    }

    /// The permission bits of `relative`, without following a link.
    func mode(_ relative: String) throws -> Int {
        var info = stat()
        guard lstat(self(relative), &info) == 0 else { throw CocoaError(.fileReadNoSuchFile) }
        return Int(info.st_mode & 0o7777)
    }

    /// The bytes of the file `relative`.
    func contents(_ relative: String) -> [UInt8]? {
        FileManager.default.contents(atPath: self(relative)).map(Array.init)
    }
}
