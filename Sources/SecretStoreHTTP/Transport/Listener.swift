/// What one listener is, for the routes it serves (contract §7).
public struct Listener: Sendable {
    /// Whether it speaks HTTPS (the auth cookie is then `Secure`).
    public var isHTTPS: Bool
    /// What it redirects to HTTPS, if anything (plain HTTP in `permissive` and `strict`).
    public var redirect: HTTPSRedirect?
    /// Whether its answers carry `Strict-Transport-Security` (HTTPS in `strict`).
    public var strictTransportSecurity: Bool

    /// Creates a listener description.
    public init(isHTTPS: Bool, redirect: HTTPSRedirect? = nil, strictTransportSecurity: Bool = false) {
        self.isHTTPS = isHTTPS
        self.redirect = redirect
        self.strictTransportSecurity = strictTransportSecurity
    }

    /// Plain HTTP serving everything (`disabled`).
    public static let plain = Listener(isHTTPS: false)

    /// The listeners of `transport`: plain HTTP always, HTTPS unless `disabled`.
    public static func listeners(
        for transport: TransportConfiguration, fallbackHost: String
    ) -> (plain: Listener, https: Listener?) {
        guard transport.mode != .disabled else { return (.plain, nil) }
        let strict = transport.mode == .strict
        let redirect = HTTPSRedirect(
            scope: strict ? .everything : .rootOnly, httpsPort: transport.httpsPort,
            fallbackHost: transport.hostnames.first ?? fallbackHost)
        return (Listener(isHTTPS: false, redirect: redirect), Listener(isHTTPS: true, strictTransportSecurity: strict))
    }
}
