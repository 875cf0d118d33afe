import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// The secrets under `/secrets/v1/secret/{store}/{path}` (contract §2), each checked against the
/// `dcos:secrets` permissions of §4 before the store is touched.
struct SecretRoutes: Sendable {
    let vault: SecretVault
    /// Bounds the memory of uploads in progress.
    let uploads: UploadBudget

    typealias Context = SecretStoreRequestContext

    /// Adds the routes to `group` (`/secrets/v1`), for any authenticated caller: each handler checks
    /// the caller's `dcos:secrets` permission on the path itself.
    func register(on group: AccessGroup) {
        // `{store}` alone (with or without a trailing `/`) lists the whole store; for the other
        // methods it is an empty path: 400 INVALID_PATH, not 404.
        for path in ["/secret/:store", "/secret/:store/**"] {
            group.get(RouterPath(path), access: .authenticated, use: read)
            group.put(RouterPath(path), access: .authenticated, use: create)
            group.patch(RouterPath(path), access: .authenticated, use: update)
            group.delete(RouterPath(path), access: .authenticated, use: delete)
        }
    }

    @Sendable func create(_ request: Request, _ context: Context) async throws -> Response {
        let path = try SecretPath.secret(try Self.rawPath(request, context))
        try context.requirePermission(.create, on: .secret(path.path))
        let author = try context.requireAccount().uid
        try await receiving(request) { upload in
            try await vault.create(path, SecretContent(upload), author: author)
        }
        return JSONResponse.emptyObject(.created)
    }

    @Sendable func read(_ request: Request, _ context: Context) async throws -> Response {
        let raw = try Self.rawPath(request, context)
        if request.uri.queryParameters.get("list") == "true" {
            let folder = try SecretPath(normalizing: raw)
            try context.requirePermission(.read, on: .secretList(folder.path))
            return JSONResponse.make(.ok, ArrayAnswer(array: try await vault.list(folder)))
        }
        let path = try SecretPath.secret(raw)
        try context.requirePermission(.read, on: .secret(path.path))
        let record = try await vault.read(path)
        return SecretResponse.read(record, as: try SecretRepresentation(for: request, stored: record.kind))
    }

    @Sendable func update(_ request: Request, _ context: Context) async throws -> Response {
        let path = try SecretPath.secret(try Self.rawPath(request, context))
        try context.requirePermission(.update, on: .secret(path.path))
        try await receiving(request) { upload in try await vault.update(path, SecretContent(upload)) }
        return JSONResponse.empty(.noContent)
    }

    @Sendable func delete(_ request: Request, _ context: Context) async throws -> Response {
        let path = try SecretPath.secret(try Self.rawPath(request, context))
        try context.requirePermission(.delete, on: .secret(path.path))
        try await vault.delete(path)
        return JSONResponse.empty(.noContent)
    }

    /// Reads the body of a PUT or PATCH and runs `write` with it, holding the upload budget's room
    /// for it from before the first byte is read until the write is done. The body's Content-Type is
    /// checked (415) before anything waits.
    private func receiving(_ request: Request, _ write: (SecretUpload) async throws -> Void) async throws {
        let limits = (value: vault.maximumValueSize, metadata: vault.maximumMetadataSize)
        let bodyLimit = try SecretUpload.bodyLimit(of: request, limit: limits.value, metadataLimit: limits.metadata)
        let contentLength = request.headers[.contentLength].flatMap { Int($0) }
        if let contentLength, contentLength > bodyLimit {
            throw SecretError(.tooLarge, "the request body is larger than \(bodyLimit) bytes")
        }
        let amount = UploadBudget.reservation(
            contentLength: contentLength, bodyLimit: bodyLimit, valueLimit: limits.value)
        try await uploads.withReservation(amount) {
            try await write(
                try await SecretUpload.read(from: request, limit: limits.value, metadataLimit: limits.metadata))
        }
    }

    /// The still-encoded path after `/secrets/v1/secret/{store}`, taken from the request URI so
    /// that `%2F` and repeated `/` reach `SecretPath`'s normalisation as the client sent them.
    /// 404 for any store but `default`.
    static func rawPath(_ request: Request, _ context: Context) throws -> Substring {
        try StoreName.require(context)
        let uri = request.uri.path
        let prefix = "/secrets/v1/secret/"
        // The router matched `/secrets/v1/secret/:store/…`; a client that doubled a `/` before the
        // store falls back to a search.
        let storeStart: String.Index
        if uri.hasPrefix(prefix) {
            storeStart = uri.utf8.index(uri.startIndex, offsetBy: prefix.utf8.count)
        } else if let found = uri.range(of: "/secret/")?.upperBound {
            storeStart = found
        } else {
            return ""
        }
        return uri[storeStart...].drop { $0 != "/" }
    }
}

extension SecretContent {
    /// The content of an uploaded body.
    init(_ upload: SecretUpload) {
        self.init(kind: upload.kind, value: upload.value, description: upload.description, labels: upload.labels)
    }
}
