import ArgumentParser
import Hummingbird
import Logging
import SecretStoreCore
import SecretStoreGPGKeyWrapping
import SecretStoreHTTP
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage
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

    @Option(help: "The TCP port of the plain-HTTP listener.")
    var port = 1337

    @Option(name: .customLong("log-level"), help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel = "info"

    @Option(
        name: .customLong("zk-operation-timeout"),
        help: "Seconds a ZooKeeper operation may take before the request answers 503 STORAGE_UNAVAILABLE.")
    var zooKeeperOperationTimeout = 5

    @Option(
        name: .customLong("zk-writes-in-flight"),
        help: """
            ZooKeeper write requests outstanding at once; writes that arrive meanwhile go out together \
            in one multi (0: every write on its own).
            """)
    var zooKeeperWritesInFlight = 4

    @Option(
        name: .customLong("orphan-grace"),
        help: """
            Seconds before a chunk set no secret points at (a large write that never committed) is \
            removed; the sweeper also runs this often.
            """)
    var orphanGrace = 600

    @OptionGroup(title: "Connections")
    var connections: ConnectionOptions

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @OptionGroup(title: "Identity")
    var identity: IdentityOptions

    @OptionGroup(title: "Transport and CA")
    var transport: TransportOptions

    @OptionGroup(title: "Audit")
    var audit: AuditOptions

    @OptionGroup(title: "Metrics")
    var monitoring: MetricsOptions

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level '\(logLevel)'") }
        guard orphanGrace >= 1 else { throw ValidationError("--orphan-grace must be at least 1 second") }
        guard zooKeeperWritesInFlight >= 0 else { throw ValidationError("--zk-writes-in-flight must be 0 or more") }
    }

    func run() async throws {
        // Secrets given in the environment are read and wiped from it first, before the ZooKeeper
        // client's threads or any gpg process start (see EnvironmentSecret).
        let zooKeeperCredentials = try loadZooKeeperCredentials(file: zooKeeperCredentialsFile)
        let identityConfiguration = try identity.configuration()
        let operatorCA = try await transport.operatorCA()
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "secret-store")
        let descriptors = try DescriptorLimit.raiseSoftToHard(logger: logger)
        // One registry for this server, never the process-wide MetricsSystem (see StoreMetrics).
        let metrics = StoreMetrics.prometheus()
        var services: [any Service] = []
        var zooKeeperClient: ZooKeeperClient?
        let storage: any Storage
        let backend: StoreBackendDescription
        switch self.storage {
        case .memory:
            logger.warning("Storage is in memory: everything is lost when the server stops")
            storage = InMemoryStorage()
            backend = StoreBackendDescription(
                description: "In-memory storage (development only)", driver: "memory", address: "memory")
        case .zookeeper:
            let configuration = ZooKeeperConfiguration(
                connectString: zookeeper, sessionTimeout: .seconds(zooKeeperSessionTimeout),
                operationTimeout: .seconds(zooKeeperOperationTimeout),
                connectTimeout: .seconds(zooKeeperConnectTimeout),
                credentials: zooKeeperCredentials, writesInFlight: zooKeeperWritesInFlight)
            let client: ZooKeeperClient
            do {
                client = try await ZooKeeperClient.connect(
                    configuration, logger: Logger(label: "secret-store.zookeeper"), metrics: metrics.factory)
            } catch {
                throw StartupError(
                    "cannot connect to ZooKeeper at \(zookeeper) within \(zooKeeperConnectTimeout) s (\(error))")
            }
            zooKeeperClient = client
            // Start-up reads and writes storage before the service group runs: meanwhile the
            // client's upkeep (session replacement, deadlines) runs in a child task, as its `run()`
            // does later in the group.
            let zooKeeperStorage = try await client.withUpkeep {
                try await ZooKeeperStorage.open(
                    client: client, root: zooKeeperRoot, logger: Logger(label: "secret-store.storage"))
            }
            services.append(client)
            services.append(
                OrphanedChunkSweeper(
                    storage: zooKeeperStorage, interval: .seconds(orphanGrace), gracePeriod: .seconds(orphanGrace),
                    logger: Logger(label: "secret-store.sweeper")))
            storage = zooKeeperStorage
            backend = StoreBackendDescription(
                description: "Secrets encrypted at rest in ZooKeeper", driver: "zookeeper",
                address: zookeeper + zooKeeperStorage.root)
            logger.info("Using ZooKeeper storage", metadata: ["zookeeper": "\(zookeeper)", "root": "\(zooKeeperRoot)"])
        }
        let http = connections.httpConfiguration(host: host, port: port, descriptors: descriptors, logger: logger)
        logger.info(
            "Connection limits",
            metadata: [
                "idle-timeout": "\(connections.idleTimeout) s", "read-timeout": "\(connections.readTimeout) s",
                "max-connections": "\(http.maximumConnections)",
            ])
        let (identityService, seal, capacity, vault) = try await whileStarting(zooKeeperClient) {
            let identityService = try await IdentityService.open(
                storage: storage, configuration: identityConfiguration,
                logger: Logger(label: "secret-store.identity"), metrics: metrics)
            let barrier = Barrier(storage: storage, logger: Logger(label: "secret-store.barrier"), metrics: metrics)
            let seal = SealService(
                storage: storage, barrier: barrier, wrapping: GPGKeyShareWrapping(),
                mode: store.unsealMode, logger: Logger(label: "secret-store.seal"))
            let capacity = CapacityAccountant(
                storage: storage, limits: store.capacityLimits, logger: Logger(label: "secret-store.capacity"))
            try await capacity.open()
            let vault = SecretVault(
                storage: storage, barrier: barrier, maximumValueSize: store.maximumSecretSize, capacity: capacity)
            return (identityService, seal, capacity, vault)
        }
        let authority = CertificateAuthority(
            storage: storage, barrier: seal.barrier, logger: Logger(label: "secret-store.ca"), metrics: metrics)
        let installation = Installation(storage: storage)
        // The HTTPS listener's certificate, loaded before it listens (see docs/tls.md).
        let serverCertificates: ServerCertificateService?
        if transport.securityMode == .disabled {
            serverCertificates = nil
            logger.info("Security mode disabled: no HTTPS listener; --https-port is ignored")
        } else {
            do {
                serverCertificates = try ServerCertificateService(
                    source: transport.certificateSource, authority: authority,
                    logger: Logger(label: "secret-store.tls"))
            } catch {
                throw StartupError("cannot load the TLS certificate: \(error)")
            }
        }
        services.append(identityService)
        services.append(seal)
        services.append(
            CertificateAuthorityService(
                authority: authority, barrier: seal.barrier, installation: installation, operatorCA: operatorCA,
                logger: Logger(label: "secret-store.ca")
            ) { issuer in
                await serverCertificates?.renew(with: issuer)
            })
        if let serverCertificates { services.append(serverCertificates) }
        // Follows the cluster id, which a restore through another instance replaces.
        services.append(installation)
        // Before the HTTP server: services stop in reverse order, so the lease is settled after the
        // last request.
        services.append(capacity)
        // Keeps the read cache valid; stops after the HTTP server, so the last requests still use it.
        services.append(vault)
        // Stops after the HTTP server, so the last requests' lines are written.
        let trail = try audit.trail(storage: storage, metrics: metrics, logger: logger)
        if let trail {
            // Before the server listens: until the path-hashing key is loaded, requests are refused
            // 503 AUDIT_UNAVAILABLE.
            try await whileStarting(zooKeeperClient) { try await trail.hasher.load(from: storage) }
            services.append(trail)
        }
        services.append(
            contentsOf: try SecretStoreApplication.listeners(
                http, transport: transport.configuration, certificate: serverCertificates?.certificate,
                services: .init(
                    identity: identityService, seal: seal, vault: vault, authority: authority,
                    installation: installation, backend: backend, trail: trail,
                    uploads: UploadBudget(capacity: store.maximumUploadMemory), metrics: metrics,
                    metricsUnauthenticated: monitoring.unauthenticated),
                logger: Logger(label: "secret-store.http")))
        logger.info(
            "Listening",
            metadata: [
                "http": "\(host):\(port)", "security-mode": "\(transport.securityMode.rawValue)",
                "https": "\(transport.securityMode == .disabled ? "off" : "\(host):\(transport.httpsPort)")",
            ])
        // Services stop in reverse order on SIGTERM/SIGINT: HTTP first, the ZooKeeper session last.
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
        logger.info("secret-store stopped")
    }
}

/// Runs start-up work while `client`, if any, keeps its session alive (see `ZooKeeperClient.withUpkeep`).
private func whileStarting<Result: Sendable>(
    _ client: ZooKeeperClient?, _ body: () async throws -> Result
) async throws -> Result {
    guard let client else { return try await body() }
    return try await client.withUpkeep(body)
}

/// Why the server could not start, said once on standard error (ArgumentParser prints it and exits 1).
struct StartupError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
