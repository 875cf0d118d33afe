import Hummingbird
import SecretStoreCore
import SecretStoreWire

/// Seal status, seal, unseal, auto-unseal, init, store description, key rotation, key status and
/// rekey (`RekeyRoutes`) under `/secrets/v1` (contract §3, §9). Seal status is for any
/// authenticated caller; everything else needs `dcos:superuser`. These routes keep working while
/// the store is sealed.
struct SealRoutes: Sendable {
    let seal: SealService
    /// How `GET /store` describes the storage backend.
    let backend: StoreBackendDescription
    /// The capacity budget, shown with the backend; `nil` without one.
    let capacity: CapacityAccountant?

    typealias Context = SecretStoreRequestContext

    /// Adds the routes to `group` (`/secrets/v1`).
    func register(on group: AccessGroup) {
        group.get("/seal-status/:store", access: .authenticated, use: sealStatus)
        group.put("/seal/:store", access: .superuser, use: sealStore)
        group.put("/unseal/:store", access: .superuser, use: unseal)
        group.put("/auto-unseal/:store", access: .superuser, use: autoUnseal)
        group.get("/init/:store", access: .superuser, use: initialization)
        group.put("/init/:store", access: .superuser, use: initialize)
        group.get("/store", access: .superuser, use: stores)
        group.get("/store/:store", access: .superuser, use: store)
        group.put("/rotate/:store", access: .superuser, use: rotate)
        group.get("/key-status/:store", access: .superuser, use: keyStatus)
        RekeyRoutes(seal: seal).register(on: group)
    }

    @Sendable func sealStatus(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        return JSONResponse.make(.ok, SealStatusAnswer(try await seal.status()))
    }

    @Sendable func sealStore(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        try await seal.seal()
        return JSONResponse.empty(.noContent)
    }

    @Sendable func unseal(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        let body = try await request.decodeJSON(as: UnsealBody.self, context: context)
        return JSONResponse.make(
            .ok, SealStatusAnswer(try await seal.unseal(key: body.key, reset: body.reset ?? false)))
    }

    @Sendable func autoUnseal(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        return JSONResponse.make(.ok, SealStatusAnswer(try await seal.autoUnseal()))
    }

    @Sendable func initialization(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        return JSONResponse.make(.ok, InitAnswer(try await seal.initialization()))
    }

    @Sendable func initialize(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        let body = try await request.decodeJSON(as: InitBody.self, context: context)
        let initialization = try await seal.initialize(
            shares: body.shares, threshold: body.threshold, pgpKeys: body.pgpKeys)
        return JSONResponse.make(.ok, InitAnswer(initialization))
    }

    @Sendable func stores(_ request: Request, _ context: Context) async throws -> Response {
        return JSONResponse.make(.ok, ArrayAnswer(array: [try await describe()]))
    }

    @Sendable func store(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        return JSONResponse.make(.ok, try await describe())
    }

    @Sendable func rotate(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        try await seal.barrier.rotate()
        return JSONResponse.empty(.noContent)
    }

    @Sendable func keyStatus(_ request: Request, _ context: Context) async throws -> Response {
        try StoreName.require(context)
        return JSONResponse.make(.ok, KeyStatusAnswer(try seal.barrier.keyStatus()))
    }

    private func describe() async throws -> StoreBackendAnswer {
        let status = try await seal.status()
        var usage: StoreCapacityAnswer?
        if let capacity { usage = StoreCapacityAnswer(try await capacity.status()) }
        return StoreBackendAnswer(
            name: seal.barrier.storeID, description: backend.description, driver: backend.driver, addr: backend.address,
            initialized: status.initialized, sealed: status.sealed,
            capacity: usage)
    }
}
