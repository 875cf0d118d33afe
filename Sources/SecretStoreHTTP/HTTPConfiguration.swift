/// Where the HTTP API listens.
public struct HTTPConfiguration: Sendable {
    /// The address to bind, e.g. `127.0.0.1` or `0.0.0.0`.
    public var host: String
    /// The TCP port.
    public var port: Int

    /// Creates a configuration.
    public init(host: String = "127.0.0.1", port: Int = 1337) {
        self.host = host
        self.port = port
    }
}
