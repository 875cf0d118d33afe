import ArgumentParser
import Logging
import SecretStoreHTTP

/// Options bounding what clients can hold: how long a connection may idle, how long a request may
/// take to arrive, and how many connections may be open at once.
struct ConnectionOptions: ParsableArguments {
    /// Descriptors kept out of the connection cap's default, for ZooKeeper, gpg and files.
    static let reservedDescriptors: UInt64 = 1024

    @Option(
        name: .customLong("idle-timeout"),
        help: "Seconds a connection may stay open with no request in progress and no bytes arriving.")
    var idleTimeout = 60

    @Option(
        name: .customLong("read-timeout"),
        help: "Seconds a request's head and body may take to arrive, from its first byte; then 408.")
    var readTimeout = 30

    @Option(
        name: .customLong("max-connections"),
        help: "Most client connections open at once (default: the descriptor limit less 1,024).")
    var maximumConnections: Int?

    func validate() throws {
        guard idleTimeout > 0 else { throw ValidationError("--idle-timeout must be at least 1 second") }
        guard readTimeout > 0 else { throw ValidationError("--read-timeout must be at least 1 second") }
        if let maximumConnections, maximumConnections < 1 {
            throw ValidationError("--max-connections must be at least 1")
        }
    }

    /// The HTTP configuration for `host:port`. Without `--max-connections` the cap leaves
    /// `reservedDescriptors` of `descriptors` free: then clients alone can never exhaust them.
    func httpConfiguration(host: String, port: Int, descriptors: DescriptorLimit, logger: Logger)
        -> HTTPConfiguration
    {
        // A tiny limit (a test's, or a misconfigured unit's) still leaves half for connections.
        let reserve = min(Self.reservedDescriptors, descriptors.soft / 2)
        let available = descriptors.soft - reserve
        let cap = maximumConnections ?? Int(clamping: available)
        if UInt64(cap) + Self.reservedDescriptors > descriptors.soft {
            logger.warning(
                "The connection cap leaves fewer than \(Self.reservedDescriptors) descriptors for ZooKeeper and files",
                metadata: ["max-connections": "\(cap)", "descriptor-limit": "\(descriptors.soft)"])
        }
        return HTTPConfiguration(
            host: host, port: port, idleTimeout: .seconds(idleTimeout), readTimeout: .seconds(readTimeout),
            maximumConnections: cap)
    }
}
