/// A user or service account as `GET /acs/api/v1/users[/{uid}]` shows it (contract §5), in the
/// DC/OS shape `{"uid","description","url","is_service","is_remote","provider_type",
/// "provider_id","public_key"}`.
///
/// The server always sends every field but `public_key` (service accounts only); only `uid` and
/// `description` are required when a client reads it.
public struct UserAnswer: Codable, Sendable, Equatable {
    /// The account's id.
    public var uid: String
    /// Its description.
    public var description: String
    /// `/acs/api/v1/users/{uid}`.
    public var url: String?
    /// Whether it is a service account.
    public var isService: Bool?
    /// Always `false`: every account is local.
    public var isRemote: Bool?
    /// Always `internal`.
    public var providerType: String?
    /// Always empty.
    public var providerID: String?
    /// A service account's PEM public key.
    public var publicKey: String?

    private enum CodingKeys: String, CodingKey {
        case uid, description, url
        case isService = "is_service"
        case isRemote = "is_remote"
        case providerType = "provider_type"
        case providerID = "provider_id"
        case publicKey = "public_key"
    }

    /// An account with these fields; a local account's provider fields by default.
    public init(
        uid: String, description: String, url: String?, isService: Bool?, isRemote: Bool? = false,
        providerType: String? = "internal", providerID: String? = "", publicKey: String? = nil
    ) {
        self.uid = uid
        self.description = description
        self.url = url
        self.isService = isService
        self.isRemote = isRemote
        self.providerType = providerType
        self.providerID = providerID
        self.publicKey = publicKey
    }
}
