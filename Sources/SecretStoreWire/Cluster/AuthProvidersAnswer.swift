/// `GET /acs/api/v1/auth/providers` (contract §7): the two ways to log in, keyed by provider id.
public typealias AuthProvidersAnswer = [String: AuthProvider]

/// One login provider, as DC/OS's identity service describes it.
public struct AuthProvider: Codable, Sendable, Equatable {
    /// `dcos-uid-password` or `dcos-uid-servicekey`.
    public var authenticationType: String
    /// How a client logs in with it.
    public var clientMethod: String
    /// A sentence for people.
    public var description: String
    /// Provider settings: none.
    public var config: [String: String]

    /// Creates a provider.
    public init(authenticationType: String, clientMethod: String, description: String, config: [String: String] = [:]) {
        self.authenticationType = authenticationType
        self.clientMethod = clientMethod
        self.description = description
        self.config = config
    }

    /// The identity service's two providers: users' passwords and service accounts' keys.
    public static let standard: AuthProvidersAnswer = [
        "dcos-users": AuthProvider(
            authenticationType: "dcos-uid-password", clientMethod: "dcos-usercredential-post-receive-authtoken",
            description: "Default DC/OS login provider"),
        "dcos-services": AuthProvider(
            authenticationType: "dcos-uid-servicekey", clientMethod: "dcos-servicecredential-post-receive-authtoken",
            description: "Default DC/OS login provider"),
    ]

    private enum CodingKeys: String, CodingKey {
        case authenticationType = "authentication-type"
        case clientMethod = "client-method"
        case description, config
    }
}
