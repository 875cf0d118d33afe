import Hummingbird
import Logging
import SecretStoreCore

/// The secret store's HTTP server, as a service for a `ServiceGroup`.
public enum SecretStoreApplication {
    /// Builds the application: the router on the configured address.
    public static func build(
        _ configuration: HTTPConfiguration, services: SecretStoreRouter.Services, logger: Logger
    ) -> some ApplicationProtocol {
        Application(
            router: SecretStoreRouter.build(services),
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port), serverName: "secret-store"),
            logger: logger)
    }
}
