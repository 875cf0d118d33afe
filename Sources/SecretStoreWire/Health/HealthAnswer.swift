/// `GET /secrets/v1/health` (contract §9): `{"initialized","sealed","storage","version"}`, with 200
/// when the instance is initialised, unsealed and connected to storage, else 503 with this body.
public struct HealthAnswer: Codable, Sendable, Equatable {
    /// Whether storage is connected.
    public enum StorageState: String, Codable, Sendable {
        /// Connected to ZooKeeper.
        case connected
        /// The connection is lost (or storage did not answer).
        case unavailable
    }

    /// Whether the store has been initialised.
    public var initialized: Bool
    /// Whether this instance holds no keys.
    public var sealed: Bool
    /// Whether storage is connected.
    public var storage: StorageState
    /// The server's version (`ServerVersion.version`).
    public var version: String

    /// An answer with these fields.
    public init(initialized: Bool, sealed: Bool, storage: StorageState, version: String) {
        self.initialized = initialized
        self.sealed = sealed
        self.storage = storage
        self.version = version
    }
}
