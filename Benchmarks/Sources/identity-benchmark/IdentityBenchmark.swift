import ArgumentParser
import Foundation
import Logging
import SecretStoreCore
import SecretStoreTesting
import SecretStoreZooKeeper
import SecretStoreZooKeeperStorage

/// What identity costs per request and per change: permission checks against a large snapshot,
/// token verification (first time and remembered), password login at the default cost, and grants
/// written to a real ZooKeeper by two instances at once.
@main
struct IdentityBenchmark: AsyncParsableCommand {
    @Option(help: "Users in the directory.") var users = 1_000
    @Option(help: "Groups (every user is in three).") var groups = 100
    @Option(help: "ACLs, each with one user grant and one group grant.") var acls = 10_000
    @Option(help: "Permission checks to time.") var checks = 1_000_000
    @Option(help: "Grants written to ZooKeeper.") var grants = 400

    func run() async throws {
        LoggingSystem.bootstrap { _ in SwiftLogNoOpLogHandler() }
        try await permissionChecks()
        try await tokens()
        try await passwordLogin()
        try await zooKeeperGrants()
    }

    func permissionChecks() async throws {
        let directory = try await IdentityDirectory.open(storage: InMemoryStorage(), logger: Logger(label: "b"))
        for index in 0..<users {
            try await directory.createUser(User(uid: "u\(index)", description: "", credential: .passwordHash("$6$x")))
        }
        for group in 0..<groups { try await directory.createGroup("g\(group)", description: "") }
        for index in 0..<users {
            for offset in 0..<3 { try await directory.addMember("u\(index)", to: "g\((index + offset * 7) % groups)") }
        }
        for index in 0..<acls {
            let rid = ResourceID.secret("team\(index % 100)/app\(index)/*")
            try await directory.createACL(rid, description: "")
            try await directory.grant(.read, on: rid, to: .user("u\(index % users)"))
            try await directory.grant(.full, on: rid, to: .group("g\(index % groups)"))
        }
        let snapshot = directory.snapshot
        let requests = (0..<1_000).map { index in
            ("u\(index % users)", ResourceID.secret("team\(index % 100)/app\((index * 31) % acls)/db/password"))
        }
        var allowed = 0
        let start = ContinuousClock.now
        for index in 0..<checks {
            let (uid, rid) = requests[index % requests.count]
            if snapshot.isAllowed(uid, .read, on: rid) { allowed += 1 }
        }
        let elapsed = ContinuousClock.now - start
        print(
            String(
                format:
                    "permission check (%d users, %d groups, %d ACLs, depth 4): %.2f µs each, %.0f k/s on one core (%d allowed)",
                users, groups, acls, elapsed.microseconds / Double(checks), Double(checks) / elapsed.seconds / 1000,
                allowed))
    }

    func tokens() async throws {
        let authority = try await TokenAuthority.open(
            storage: InMemoryStorage(), lifetime: .seconds(3600), logger: Logger(label: "b"))
        var tokens: [String] = []
        let signStart = ContinuousClock.now
        let instance = "00112233445566778899aabbccddeeff"
        for index in 0..<500 { tokens.append(try await authority.issue(for: "u\(index)", instance: instance).token) }
        let signed = ContinuousClock.now - signStart
        let firstStart = ContinuousClock.now
        for token in tokens { _ = try await authority.verify(token) }
        let first = ContinuousClock.now - firstStart
        let rememberedStart = ContinuousClock.now
        for index in 0..<100_000 { _ = try await authority.verify(tokens[index % tokens.count]) }
        let remembered = ContinuousClock.now - rememberedStart
        print(String(format: "token issue (RS256, 2048-bit): %.2f ms each", signed.milliseconds / 500))
        print(String(format: "token verify, first time: %.1f µs each", first.microseconds / 500))
        print(String(format: "token verify, remembered: %.2f µs each", remembered.microseconds / 100_000))
    }

    func passwordLogin() async throws {
        let identity = try await IdentityService.open(
            storage: InMemoryStorage(),
            configuration: .init(
                bootstrapSuperuser: BootstrapSuperuser(uid: "root", credential: .password("benchmark-password"))),
            logger: Logger(label: "b"))
        var times: [Double] = []
        for _ in 0..<10 {
            let start = ContinuousClock.now
            _ = try await identity.login.login(uid: "root", password: "benchmark-password", from: nil)
            times.append((ContinuousClock.now - start).milliseconds)
        }
        times.sort()
        print(
            String(
                format: "password login (%d rounds): median %.0f ms, max %.0f ms", PasswordHasher().rounds, times[5],
                times[9]))
    }

    func zooKeeperGrants() async throws {
        let server = try await ZooKeeperTestServer.start()
        defer { Task { await server.shutdown() } }
        try await ZooKeeperFixture.withStorage(on: server) { storage in
            try await ZooKeeperFixture.withClient(server) { client in
                let other = try await ZooKeeperStorage.open(client: client, root: storage.root)
                let first = try await IdentityDirectory.open(storage: storage, logger: Logger(label: "b"))
                for index in 0..<20 {
                    try await first.createUser(
                        User(uid: "u\(index)", description: "", credential: .passwordHash("$6$x")))
                }
                for index in 0..<grants { try await first.createACL(.secret("app\(index)/*"), description: "") }
                let second = try await IdentityDirectory.open(storage: other, logger: Logger(label: "b"))
                let watcher = Task { try await second.run() }
                defer { watcher.cancel() }

                var latencies: [Double] = []
                let start = ContinuousClock.now
                for index in 0..<grants / 2 {
                    let began = ContinuousClock.now
                    try await first.grant(.read, on: .secret("app\(index)/*"), to: .user("u\(index % 20)"))
                    latencies.append((ContinuousClock.now - began).milliseconds)
                }
                let sequential = ContinuousClock.now - start
                latencies.sort()
                print(
                    String(
                        format: "grant on ZooKeeper, one writer: %.0f/s, p50 %.2f ms, p99 %.2f ms",
                        Double(grants / 2) / sequential.seconds,
                        latencies[latencies.count / 2], latencies[latencies.count * 99 / 100]))

                let concurrentStart = ContinuousClock.now
                let conflicts = try await withThrowingTaskGroup(of: Int.self) { group in
                    for index in grants / 2..<grants {
                        let directory = index.isMultiple(of: 2) ? first : second
                        group.addTask {
                            var conflicts = 0
                            while true {
                                do {
                                    try await directory.grant(
                                        .read, on: .secret("app\(index)/*"), to: .user("u\(index % 20)"))
                                    return conflicts
                                } catch let error as IdentityError where error.code == .conflict {
                                    conflicts += 1
                                }
                            }
                        }
                    }
                    return try await group.reduce(0, +)
                }
                let concurrent = ContinuousClock.now - concurrentStart
                print(
                    String(
                        format:
                            "grant on ZooKeeper, two instances, %d at once: %.0f/s, %d answered CONFLICT and were retried",
                        grants / 2, Double(grants / 2) / concurrent.seconds, conflicts))
            }
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
    var microseconds: Double { seconds * 1_000_000 }
}
