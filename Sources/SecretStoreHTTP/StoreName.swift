import Hummingbird

/// The `{store}` path parameter: only `default` exists (contract §2).
enum StoreName {
    /// The only store.
    static let only = "default"

    /// Throws 404 unless the request's `:store` parameter names the store.
    static func require(_ context: SecretStoreRequestContext) throws {
        let store = context.parameters.get("store") ?? ""
        guard store == only else {
            throw RequestError(.unknownStore, "no store named '\(store.prefix(64))'")
        }
    }
}
