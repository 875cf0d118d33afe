/// The answer of `POST /secrets/v1/resolve/{store}` (contract §6): `{"secrets": [{"path",
/// "value", "encoding"}]}`, one entry per path, in request order.
public struct ResolveAnswer: Codable, Sendable, Equatable {
    /// The secrets, values included: never print them.
    public var secrets: [DeliveredSecret]

    /// An answer delivering `secrets`.
    public init(secrets: [DeliveredSecret]) {
        self.secrets = secrets
    }
}
