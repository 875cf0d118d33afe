import Hummingbird
import NIOCore
import SecretStoreCore
import SecretStoreWire

/// Backup and restore under `/secrets/v1` (contract §9), for `dcos:superuser` only: the access
/// check runs before a byte of the body is read, so a caller without the right learns nothing
/// about a file's validity.
struct BackupRoutes: Sendable {
    let backup: StoreBackup
    let restore: StoreRestore
    /// The largest file a restore reads (413 beyond): it is checked whole before anything is
    /// written, so it is held in memory.
    let maximumRestoreBytes: Int

    typealias Context = SecretStoreRequestContext

    /// The routes of the store `seal` guards; a restore then tells `dependents` (and `seal`) to
    /// drop what they cached. A restore's file is bounded by the capacity budget, with room for
    /// identity, the CA and the framing, or by `defaultMaximumRestoreBytes` without a budget; its
    /// secrets must fit in the budget (507 otherwise, with nothing written).
    init(seal: SealService, dependents: [any RestoreDependent], capacity: CapacityAccountant?) {
        backup = StoreBackup(seal: seal)
        restore = StoreRestore(seal: seal, dependents: dependents, budget: capacity?.limits.maximum)
        let budget = capacity.map { $0.limits.maximum.bytes } ?? Self.defaultMaximumRestoreBytes
        maximumRestoreBytes = budget + budget / 4 + 64 * 1024 * 1024
    }

    /// The bound on a restore without a capacity budget.
    static let defaultMaximumRestoreBytes = 1024 * 1024 * 1024

    /// Adds the routes to `group` (`/secrets/v1`).
    func register(on group: AccessGroup) {
        group.get("/backup/:store", access: .superuser, use: download)
        group.put("/restore/:store", access: .superuser, use: upload)
    }

    /// `GET /backup/{store}`: the file, streamed as it is read from storage. A failure after the
    /// first bytes cuts the answer short, and a file without its trailer is refused by every reader.
    @Sendable func download(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        try await backup.requireInitialized()
        let backup = self.backup
        let body = ResponseBody { writer in
            try await backup.write { piece in try await writer.write(ByteBuffer(bytes: piece)) }
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: BackupFileFormat.contentType], body: body)
    }

    /// `PUT /restore/{store}`: reads the whole file (bounded), checks it whole, then writes it.
    @Sendable func upload(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        let type = request.headers[.contentType].flatMap { $0.split(separator: ";").first }
        guard type?.trimmingCharacters(in: .whitespaces).lowercased() == BackupFileFormat.contentType else {
            throw RequestError(.unsupportedMediaType, "a backup is sent as \(BackupFileFormat.contentType)")
        }
        var file = try await request.body.collect(upTo: maximumRestoreBytes)
        let bytes = file.readBytes(length: file.readableBytes) ?? []
        file = ByteBuffer()
        try await restore.restore(bytes)
        return JSONResponse.empty(.noContent)
    }
}
