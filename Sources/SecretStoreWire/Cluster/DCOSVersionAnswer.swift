/// `GET /dcos-metadata/dcos-version.json` (contract §7): the DC/OS API level the store follows.
public struct DCOSVersionAnswer: Codable, Sendable, Equatable {
    /// The DC/OS version whose API the store follows: `2.2.0`.
    public var version: String
    /// `enterprise`: the secret store is an Enterprise feature.
    public var variant: String
    /// The store's own build.
    public var imageCommit: String
    /// DC/OS's bootstrap id; the store's build again.
    public var bootstrapID: String

    /// Creates an answer.
    public init(version: String, variant: String, imageCommit: String, bootstrapID: String) {
        self.version = version
        self.variant = variant
        self.imageCommit = imageCommit
        self.bootstrapID = bootstrapID
    }

    private enum CodingKeys: String, CodingKey {
        case version
        case variant = "dcos-variant"
        case imageCommit = "dcos-image-commit"
        case bootstrapID = "bootstrap-id"
    }
}
