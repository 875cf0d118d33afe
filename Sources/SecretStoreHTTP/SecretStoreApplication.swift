import Hummingbird
import HummingbirdCore
import Logging
import SecretStoreCore

/// The secret store's HTTP server, as a service for a `ServiceGroup`.
public enum SecretStoreApplication {
    /// Builds the application: the router on the configured address, with its connection bounds.
    public static func build(
        _ configuration: HTTPConfiguration, services: SecretStoreRouter.Services, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: SecretStoreRouter.build(services),
            server: .guardedHTTP1(configuration, logger: logger),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "secret-store",
                // Beyond the cap the server stops accepting: the descriptors left stay for ZooKeeper
                // and files, and memory stays bounded.
                availableConnectionsDelegate: MaximumAvailableConnections(
                    configuration.maximumConnections, logger: logger)),
            logger: logger)
    }
}
