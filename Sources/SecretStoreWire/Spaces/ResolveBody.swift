/// `POST /secrets/v1/resolve/{store}` (contract §6): `{"space": "/group/app", "secrets":
/// ["group/secret", ...]}`; unknown fields are ignored when read.
public struct ResolveBody: Codable, Sendable, Equatable {
    /// The service the secrets are for, a Marathon-style id.
    public var space: String
    /// The secrets' paths, at most 100.
    public var secrets: [String]

    /// A request for `secrets` on behalf of a task of `space`.
    public init(space: String, secrets: [String]) {
        self.space = space
        self.secrets = secrets
    }
}
