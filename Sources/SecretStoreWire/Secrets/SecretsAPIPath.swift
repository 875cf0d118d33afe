/// The paths of the secrets API (`/secrets/v1`), from the server's root. Store ids and secret
/// paths are validated before they get here (`NormalizedSecretPath`), so nothing needs
/// percent-encoding, and `/` goes between components literally.
public enum SecretsAPIPath {
    /// `/secrets/v1`: the prefix of every route of the secrets API.
    public static let base = "/secrets/v1"

    /// `/secrets/v1/ping`: unauthenticated liveness.
    public static let ping = base + "/ping"

    /// `/secrets/v1/health`: unauthenticated readiness (contract §9).
    public static let health = base + "/health"

    /// The operations on one store, each at `/secrets/v1/{operation}/{store}` (contract §3).
    public enum StoreOperation: String, Sendable, CaseIterable {
        /// `GET`: sealed, threshold, shares, progress, initialised.
        case sealStatus = "seal-status"
        /// `PUT`: seal this instance.
        case seal
        /// `PUT`: enter one key share.
        case unseal
        /// `PUT`: unseal with the bootstrap key.
        case autoUnseal = "auto-unseal"
        /// `GET` the shares, or `PUT` to initialise.
        case initialization = "init"
        /// `PUT`: add a data-key term.
        case rotate
        /// `GET`: the current data-key term.
        case keyStatus = "key-status"
        /// `GET`: a backup of the store (`BackupFileFormat`), streamed.
        case backup
        /// `PUT`: a backup, restored into an empty root.
        case restore
        /// `GET` the rekey in progress, `PUT` to start one, `DELETE` to cancel it.
        case rekey
    }

    /// `/secrets/v1/rekey/{store}/update`: enter one current share towards the rekey in progress.
    public static func rekeyUpdate(_ store: String) -> String {
        Self.store(.rekey, store) + "/update"
    }

    /// `/secrets/v1/secret/{store}/{path}`: create, read, update or delete one secret.
    public static func secret(_ path: NormalizedSecretPath, store: String) -> String {
        "\(base)/secret/\(store)/\(path.path)"
    }

    /// `/secrets/v1/secret/{store}/{path}?list=true`, or the whole store's list without a path.
    public static func list(_ path: NormalizedSecretPath?, store: String) -> String {
        (path.map { secret($0, store: store) } ?? "\(base)/secret/\(store)") + "?list=true"
    }

    /// `/secrets/v1/{operation}/{store}`.
    public static func store(_ operation: StoreOperation, _ store: String) -> String {
        "\(base)/\(operation.rawValue)/\(store)"
    }

    /// `/secrets/v1/store`, or `/secrets/v1/store/{store}` for one store's backend.
    public static func backends(_ store: String? = nil) -> String {
        store.map { "\(base)/store/\($0)" } ?? "\(base)/store"
    }

    /// `/secrets/v1/audit-hash`: the form a path takes in audit lines.
    public static let auditHash = base + "/audit-hash"

    /// `/secrets/v1/resolve/{store}`, with `?validate=true` for a check without values.
    public static func resolve(_ store: String, validate: Bool = false) -> String {
        "\(base)/resolve/\(store)" + (validate ? "?validate=true" : "")
    }
}
