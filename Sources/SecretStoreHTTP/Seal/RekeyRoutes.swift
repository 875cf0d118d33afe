import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// Rekey under `/secrets/v1` (contract §9), superuser only, working sealed or unsealed: `GET`
/// the rekey in progress, `PUT` to start one, `PUT .../update` to enter current shares until the
/// threshold (the answer then holds the new shares), `DELETE` to cancel. A rekey is driven against
/// one instance, like an unseal.
struct RekeyRoutes: Sendable {
    let seal: SealService

    typealias Context = SecretStoreRequestContext

    /// Adds the routes to `group` (`/secrets/v1`).
    func register(on group: AccessGroup) {
        group.get("/rekey/:store", access: .superuser, use: status)
        group.put("/rekey/:store", access: .superuser, use: start)
        group.delete("/rekey/:store", access: .superuser, use: cancel)
        group.put("/rekey/:store/update", access: .superuser, use: update)
    }

    @Sendable func status(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        return JSONResponse.make(.ok, RekeyStatusAnswer(try await seal.rekeyStatus()))
    }

    @Sendable func start(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        // The same body as `PUT /init`: the shape of the new shares.
        let body = try await request.decodeJSON(as: InitBody.self, context: context)
        let status = try await seal.startRekey(shares: body.shares, threshold: body.threshold, pgpKeys: body.pgpKeys)
        return JSONResponse.make(.ok, RekeyStatusAnswer(status))
    }

    @Sendable func cancel(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        try await seal.cancelRekey()
        return JSONResponse.empty(.noContent)
    }

    @Sendable func update(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        let body = try await request.decodeJSON(as: RekeyUpdateBody.self, context: context)
        return JSONResponse.make(.ok, RekeyUpdateAnswer(try await seal.updateRekey(nonce: body.nonce, key: body.key)))
    }
}
