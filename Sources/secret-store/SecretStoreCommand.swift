import ArgumentParser
import Hummingbird
import Logging
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreZooKeeper
import ServiceLifecycle

/// The secret store server.
@main
struct SecretStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret-store", abstract: "An encrypted secret store with the DC/OS Secret Store API.")

    @Option(help: "ZooKeeper servers, host:port[,host:port...].")
    var zookeeper = "127.0.0.1:2181"

    @Option(name: .customLong("zk-root"), help: "The znode under which all data lives.")
    var zooKeeperRoot = "/dcos/secrets"

    @Option(
        name: .customLong("zk-credentials-file"),
        help: "A file holding the ZooKeeper digest identity as user:password (or set SECRET_STORE_ZK_CREDENTIALS).")
    var zooKeeperCredentialsFile: String?

    @Option(name: .customLong("zk-session-timeout"), help: "ZooKeeper session timeout in seconds.")
    var zooKeeperSessionTimeout = 10

    @Option(name: .customLong("zk-connect-timeout"), help: "Seconds to wait for ZooKeeper at start.")
    var zooKeeperConnectTimeout = 30

    @Option(help: "Where to keep data: zookeeper, or memory (development only, lost on exit).")
    var storage: StorageKind = .zookeeper

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on.")
    var port = 1337

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @OptionGroup(title: "Identity")
    var identity: IdentityOptions

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level '\(logLevel)'") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "secret-store")
        var services: [any Service] = []
        let store: any Storage
        switch storage {
        case .memory:
            logger.warning("Storage is in memory: everything is lost when the server stops")
            store = InMemoryStorage()
        case .zookeeper:
            let configuration = ZooKeeperConfiguration(
                connectString: zookeeper, sessionTimeout: .seconds(zooKeeperSessionTimeout),
                connectTimeout: .seconds(zooKeeperConnectTimeout),
                credentials: try loadZooKeeperCredentials(file: zooKeeperCredentialsFile))
            let client: ZooKeeperClient
            do {
                client = try await ZooKeeperClient.connect(
                    configuration, logger: Logger(label: "secret-store.zookeeper"))
            } catch {
                throw StartupError(
                    "cannot connect to ZooKeeper at \(zookeeper) within \(zooKeeperConnectTimeout) s (\(error))")
            }
            let storage = try await ZooKeeperStorage.open(
                client: client, root: zooKeeperRoot, logger: Logger(label: "secret-store.storage"))
            services.append(client)
            services.append(OrphanedChunkSweeper(storage: storage, logger: Logger(label: "secret-store.sweeper")))
            store = storage
            logger.info("Using ZooKeeper storage", metadata: ["zookeeper": "\(zookeeper)", "root": "\(zooKeeperRoot)"])
        }
        let identityService = try await IdentityService.open(
            storage: store, configuration: try identity.configuration(), logger: Logger(label: "secret-store.identity"))
        services.append(identityService)
        services.append(
            SecretStoreApplication.build(
                HTTPConfiguration(host: host, port: port), identity: identityService,
                logger: Logger(label: "secret-store.http")))
        // Services stop in reverse order on SIGTERM/SIGINT: HTTP first, the ZooKeeper session last.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("secret-store stopped")
    }
}

/// Why the server could not start, said once on standard error (ArgumentParser prints it and exits 1).
struct StartupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
