/// Where the HTTP API listens, and how long and how many connections it keeps.
public struct HTTPConfiguration: Sendable {
    /// The address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    public var host: String
    /// The TCP port.
    public var port: Int
    /// How long a connection stays open with no request in progress and no bytes arriving.
    public var idleTimeout: Duration
    /// How long reading a request's head and body may take, from its first byte to its end.
    public var readTimeout: Duration
    /// The most connections open at once; further clients wait in the listen backlog.
    public var maximumConnections: Int

    /// The default idle timeout: 60 s.
    public static let defaultIdleTimeout = Duration.seconds(60)
    /// The default read timeout: 30 s.
    public static let defaultReadTimeout = Duration.seconds(30)
    /// The default connection cap: 10,000.
    public static let defaultMaximumConnections = 10_000

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 1337, idleTimeout: Duration = defaultIdleTimeout,
        readTimeout: Duration = defaultReadTimeout, maximumConnections: Int = defaultMaximumConnections
    ) {
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.maximumConnections = maximumConnections
    }
}
