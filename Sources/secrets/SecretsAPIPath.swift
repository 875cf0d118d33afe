/// The paths of the secrets API (`/secrets/v1`) the CLI calls, from the server's root. Store ids
/// and path components are validated before they get here, so nothing needs percent-encoding, and
/// `/` goes between components literally.
enum SecretsAPIPath {
    /// `/secrets/v1/secret/{store}/{path}`: create, read, update or delete one secret.
    static func secret(_ path: SecretPath, store: String) -> String {
        "/secrets/v1/secret/\(store)/\(path)"
    }

    /// `/secrets/v1/secret/{store}/{path}?list=true`, or the whole store's list without a path.
    static func list(_ path: SecretPath?, store: String) -> String {
        (path.map { secret($0, store: store) } ?? "/secrets/v1/secret/\(store)") + "?list=true"
    }

    /// `/secrets/v1/{operation}/{store}`: `seal-status`, `seal`, `unseal`, `auto-unseal`, `init`,
    /// `rotate` or `key-status`.
    static func store(_ operation: String, _ store: String) -> String {
        "/secrets/v1/\(operation)/\(store)"
    }

    /// `/secrets/v1/store`, or `/secrets/v1/store/{store}` for one store's backend.
    static func backends(_ store: String? = nil) -> String {
        store.map { "/secrets/v1/store/\($0)" } ?? "/secrets/v1/store"
    }

    /// `/secrets/v1/resolve/{store}`, with `?validate=true` for a check without values.
    static func resolve(_ store: String, validate: Bool = false) -> String {
        "/secrets/v1/resolve/\(store)" + (validate ? "?validate=true" : "")
    }
}
