import ArgumentParser
import Foundation
import SecretStoreWire

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `secrets store backup FILE`: downloads a backup of the store into `FILE`, mode 0600. The file is
/// written to a temporary file beside it, its SHA-256 trailer checked, then renamed over `FILE`,
/// so `FILE` is never a partial or damaged backup.
struct StoreBackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup", abstract: "Save a backup of the store (still encrypted) into a file.",
        discussion: """
            The file holds what the store keeps in ZooKeeper, still encrypted: restoring it needs the \
            store's shares. A bootstrap-mode store's backup also holds its bootstrap key, so keep such a \
            file as safe as ZooKeeper itself.
            """)

    @Argument(help: "Where to write the backup.")
    var file: String

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let client = try server.client()
        let target = URL(fileURLWithPath: file)
        let folder = target.deletingLastPathComponent().path
        var template = Array("\(folder)/.\(target.lastPathComponent).XXXXXX".utf8CString)
        let descriptor = mkstemp(&template)
        guard descriptor >= 0 else { throw CLIError("cannot create a file in \(folder)") }
        let temporary = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var kept = false
        defer { if !kept { unlink(temporary) } }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        guard fchmod(descriptor, 0o600) == 0 else { throw CLIError("cannot set the mode of \(temporary)") }
        let (digest, trailer, byteCount) = try await client.download(
            SecretsAPIPath.store(.backup, store.storeID)
        ) { piece in try handle.write(contentsOf: Data(piece.readableBytesView)) }
        guard byteCount >= BackupFileFormat.minimumByteCount, digest == trailer else {
            throw CLIError("the backup from \(client.baseURL) is incomplete or damaged (its SHA-256 does not match)")
        }
        try handle.synchronize()
        try handle.close()
        guard rename(temporary, file) == 0 else { throw CLIError("cannot rename \(temporary) to \(file)") }
        kept = true
        print("Saved a backup of store \(store.storeID) (\(byteCount) bytes) to \(file)")
    }
}
