import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SecretStoreCore
import SecretStoreHTTP
import SecretStoreTesting

/// A store for the health and metrics tests: in memory, with storage whose reachability the test
/// switches, a capacity budget, and one `StoreMetrics` shared by every part that counts (identity,
/// barrier, CA, the router), as the server wires it. Initialised (one share, `TestKeyShareWrapping`)
/// and unsealed unless asked otherwise.
struct OperatingStore {
    let storage = SwitchableStorage()
    let identity: IdentityService
    let metrics: StoreMetrics
    let services: SecretStoreRouter.Services
    /// The one share that unseals the store, hex; `nil` when not initialised.
    let share: String?

    /// The budget every store here gets: 1 MiB and 100 secrets.
    static let budget = CapacityLimits(maximumBytes: 1_048_576, maximumSecrets: 100)

    static func make(
        initialized: Bool = true, unsealed: Bool = true, metricsUnauthenticated: Bool = false
    ) async throws -> OperatingStore {
        let metrics = StoreMetrics.prometheus()
        let identity = try await IdentityFixture.service(metrics: metrics)
        return try await OperatingStore(
            identity: identity, metrics: metrics, initialized: initialized, unsealed: unsealed,
            metricsUnauthenticated: metricsUnauthenticated)
    }

    private init(
        identity: IdentityService, metrics: StoreMetrics, initialized: Bool, unsealed: Bool,
        metricsUnauthenticated: Bool
    ) async throws {
        self.identity = identity
        self.metrics = metrics
        let barrier = Barrier(storage: storage, metrics: metrics)
        let wrapping = TestKeyShareWrapping()
        let seal = SealService(
            storage: storage, barrier: barrier, wrapping: wrapping, mode: .custom, logger: Logger(label: "test.seal"))
        var share: String?
        if initialized {
            let key = try await wrapping.generateKeyPair(userID: "operator").secretKey
            let initialization = try await seal.initialize(shares: 1, threshold: 1, pgpKeys: [key])
            let message = try Hex.decode(initialization.keys[0]).unwrap("a share in hex")
            share = String(decoding: try await wrapping.unwrap(message, secretKey: key), as: UTF8.self)
            if unsealed, let share { _ = try await seal.unseal(key: share, reset: false) }
        }
        self.share = share
        let capacity = CapacityAccountant(storage: storage, limits: Self.budget)
        try await capacity.open()
        services = SecretStoreRouter.Services(
            identity: identity, seal: seal,
            vault: SecretVault(storage: storage, barrier: barrier, capacity: capacity),
            authority: CertificateAuthority(
                storage: storage, barrier: barrier, logger: Logger(label: "test.ca"), metrics: metrics),
            installation: Installation(storage: storage),
            backend: StoreBackendDescription(description: "test", driver: "memory", address: "memory"),
            metrics: metrics, metricsUnauthenticated: metricsUnauthenticated)
    }

    /// Runs `body` against the real router of this store.
    func test(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = SecretStoreApplication.build(HTTPConfiguration(), services: services, logger: Logger(label: "test"))
        try await app.test(.router, body)
    }

    /// A token of the superuser.
    func rootToken() async throws -> String {
        try await identity.issueToken(for: IdentityFixture.superuser).token
    }

    /// A token of a new user `uid` holding `grants`.
    func token(for uid: String, grants: [(String, PermissionAction)] = []) async throws -> String {
        try await identity.directory.createUser(User(uid: uid, description: "", credential: .passwordHash("$6$x")))
        for (resource, action) in grants {
            let rid = try ResourceID(resource)
            try? await identity.directory.createACL(rid, description: "")
            try await identity.directory.grant(action, on: rid, to: .user(uid))
        }
        return try await identity.issueToken(for: uid).token
    }
}

extension Optional {
    /// The value, or an error naming what was missing.
    func unwrap(_ what: String) throws -> Wrapped {
        guard let self else { throw MissingValue(what: what) }
        return self
    }
}

/// A value a test needed and did not get.
struct MissingValue: Error, CustomStringConvertible {
    var what: String
    var description: String { "missing: \(what)" }
}

extension TestClientProtocol {
    /// `GET uri` with `token` (none when `nil`).
    func get(_ uri: String, token: String? = nil) async throws -> TestResponse {
        var headers = HTTPFields()
        if let token { headers[.authorization] = "token=\(token)" }
        return try await executeRequest(uri: uri, method: .get, headers: headers, body: nil)
    }
}
