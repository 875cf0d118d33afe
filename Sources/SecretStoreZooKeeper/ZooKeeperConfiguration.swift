/// How to reach ZooKeeper and how patient to be.
public struct ZooKeeperConfiguration: Sendable {
    /// `host:port[,host:port…]`, as the C client takes it.
    public var connectString: String
    /// The session timeout to ask the server for.
    public var sessionTimeout: Duration
    /// How long one operation may take before its caller gets `.deadlineExceeded`.
    public var operationTimeout: Duration
    /// How long `connect` waits for the first session.
    public var connectTimeout: Duration
    /// Digest credentials; when set, every created znode is readable and writable by this identity only.
    public var credentials: ZooKeeperDigestCredentials?
    /// `jute.maxbuffer` of the servers: no request larger than this is sent.
    public var packetLimit: Int
    /// How many write requests may be outstanding at once before further writes wait and go out
    /// together in one `multi` (0: every write is sent at once on its own). See `ZooKeeperWriteQueue`.
    public var writesInFlight: Int

    /// Creates a configuration.
    public init(
        connectString: String = "127.0.0.1:2181", sessionTimeout: Duration = .seconds(10),
        operationTimeout: Duration = .seconds(5), connectTimeout: Duration = .seconds(10),
        credentials: ZooKeeperDigestCredentials? = nil, packetLimit: Int = ZooKeeperRequestSize.defaultPacketLimit,
        writesInFlight: Int = 4
    ) {
        self.connectString = connectString
        self.sessionTimeout = sessionTimeout
        self.operationTimeout = operationTimeout
        self.connectTimeout = connectTimeout
        self.credentials = credentials
        self.packetLimit = packetLimit
        self.writesInFlight = writesInFlight
    }
}

/// A ZooKeeper `digest` identity. Its description never shows the password.
public struct ZooKeeperDigestCredentials: Sendable, Hashable, CustomStringConvertible {
    /// The user name.
    public var user: String
    /// The password. Never logged.
    public var password: String

    /// Creates credentials.
    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    /// Parses `user:password`; `nil` when there is no colon or either side is empty.
    public init?(_ userAndPassword: String) {
        guard let colon = userAndPassword.firstIndex(of: ":") else { return nil }
        let user = String(userAndPassword[..<colon])
        let password = String(userAndPassword[userAndPassword.index(after: colon)...])
        guard !user.isEmpty, !password.isEmpty else { return nil }
        self.init(user: user, password: password)
    }

    public var description: String { "digest:\(user):<redacted>" }
}

extension ZooKeeperDigestCredentials: CustomDebugStringConvertible, CustomReflectable {
    public var debugDescription: String { description }
    /// `dump` and debuggers see the user, never the password.
    public var customMirror: Mirror { Mirror(self, children: ["user": user, "password": "<redacted>"]) }
}
