/// How the server is reached (contract §7): the security mode and what the HTTPS listener needs.
public struct TransportConfiguration: Sendable {
    /// Which listeners serve what.
    public var mode: SecurityMode
    /// The HTTPS listener's port (ignored in `disabled`).
    public var httpsPort: Int
    /// The oldest TLS version accepted.
    public var minimumTLSVersion: TLSMinimumVersion
    /// The names the server is reached by; the first is the redirect's host when a request has no
    /// `Host` header.
    public var hostnames: [String]

    /// The default HTTPS port.
    public static let defaultHTTPSPort = 1443

    /// Creates a configuration.
    public init(
        mode: SecurityMode = .permissive, httpsPort: Int = defaultHTTPSPort,
        minimumTLSVersion: TLSMinimumVersion = .tls12, hostnames: [String] = []
    ) {
        self.mode = mode
        self.httpsPort = httpsPort
        self.minimumTLSVersion = minimumTLSVersion
        self.hostnames = hostnames
    }
}
