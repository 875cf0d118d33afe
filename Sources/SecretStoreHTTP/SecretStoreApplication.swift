import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import SecretStoreCore
import ServiceLifecycle

/// The secret store's HTTP servers, as services for a `ServiceGroup`.
public enum SecretStoreApplication {
    /// One plain-HTTP application: the router as `listener` serves it, on the configured address,
    /// with its connection bounds.
    public static func build(
        _ configuration: HTTPConfiguration, services: SecretStoreRouter.Services, listener: Listener = .plain,
        logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: SecretStoreRouter.build(services, listener: listener),
            server: .guardedHTTP1(configuration, logger: logger),
            configuration: applicationConfiguration(configuration, logger: logger), logger: logger)
    }

    /// One HTTPS application presenting `certificate`, TLS `minimumVersion` and later.
    public static func buildHTTPS(
        _ configuration: HTTPConfiguration, services: SecretStoreRouter.Services, listener: Listener,
        certificate: ServerCertificate, minimumVersion: TLSMinimumVersion, logger: Logger
    ) throws -> some ApplicationProtocol {
        Application(
            router: SecretStoreRouter.build(services, listener: listener),
            server: try .tls(
                .guardedHTTP1(configuration, coalescingWrites: true, logger: logger),
                tlsConfiguration: certificate.tlsConfiguration(minimum: minimumVersion)),
            configuration: applicationConfiguration(configuration, logger: logger), logger: logger)
    }

    /// The listeners `transport` asks for: plain HTTP on `configuration`'s port, and HTTPS on
    /// `transport.httpsPort` unless `disabled`. With both, each gets half of the connection cap (one
    /// listener cannot wake the other's accept loop, so a shared count could stall one).
    public static func listeners(
        _ configuration: HTTPConfiguration, transport: TransportConfiguration, certificate: ServerCertificate?,
        services: SecretStoreRouter.Services, logger: Logger
    ) throws -> [any Service] {
        let (plain, https) = Listener.listeners(for: transport, fallbackHost: configuration.host)
        guard let https, let certificate else {
            return [build(configuration, services: services, listener: plain, logger: logger)]
        }
        var plainConfiguration = configuration
        plainConfiguration.maximumConnections = max(1, configuration.maximumConnections / 2)
        var httpsConfiguration = plainConfiguration
        httpsConfiguration.port = transport.httpsPort
        return [
            build(plainConfiguration, services: services, listener: plain, logger: logger),
            try buildHTTPS(
                httpsConfiguration, services: services, listener: https, certificate: certificate,
                minimumVersion: transport.minimumTLSVersion, logger: logger),
        ]
    }

    private static func applicationConfiguration(_ configuration: HTTPConfiguration, logger: Logger)
        -> ApplicationConfiguration
    {
        ApplicationConfiguration(
            address: .hostname(configuration.host, port: configuration.port), serverName: "secret-store",
            // Beyond the cap the server stops accepting: the descriptors left stay for ZooKeeper
            // and files, and memory stays bounded.
            availableConnectionsDelegate: MaximumAvailableConnections(configuration.maximumConnections, logger: logger))
    }
}
