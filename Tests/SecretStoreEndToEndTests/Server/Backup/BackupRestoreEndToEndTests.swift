import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Synchronization
import Testing

/// Backup and restore over real sockets, a real ZooKeeper (a fresh root per store) and real gpg
/// (contract §9).
@Suite("Backup and restore: end to end", .timeLimit(.minutes(5)))
struct BackupRestoreEndToEndTests {
    static let custom = ["--unseal-mode", "custom"]
    static let adminPath = "app/db"

    @Test func customStoreRoundTripsOntoAFreshRootWithItsSharesSecretsIdentityAndCA() async throws {
        let context = try GPGContext()
        defer { context.close() }
        try await SealTestRoot.with(arguments: Self.custom) { origin in
            let source = try await SealClient(server: try await origin.start(), password: origin.password)
            let shares = try await source.initialiseWithOperatorShares(context)
            let text = "s3cr3t ✓ with \"quotes\""
            try await source.create(Self.adminPath, text)
            let largest = (0..<1_048_576).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
            #expect(try await source.putBinary("app/largest", largest) == 201)
            #expect(try await source.putBinary("app/small", [0, 255, 1, 0x0A, 0]) == 201)
            #expect(
                try await source.identity("PUT", "/users/alice", json: ["password": "alice-password"]).status == 201)
            #expect(try await source.identity("PUT", "/groups/ops", json: ["description": "operators"]).status == 201)
            #expect(try await source.identity("PUT", "/groups/ops/users/alice").status == 204)
            let rid = "dcos:secrets:default:%252Fapp%252Fdb"
            #expect(try await source.identity("PUT", "/acls/\(rid)", json: ["description": "db"]).status == 201)
            #expect(try await source.identity("PUT", "/acls/\(rid)/groups/ops/read").status == 204)
            let alice = try await source.server.login(uid: "alice", password: "alice-password")
            let caRoot = try await source.caRoot()
            let clusterID = try #require(try await source.clusterID())
            let pathHash =
                try await source.send("POST", "/audit-hash", json: ["input": Self.adminPath]).json["hash"]
                as? String
            let file = try await source.backup()
            #expect(file.starts(with: Array("SSBK".utf8)))
            // The values travel as stored: encrypted, so no secret appears in the file.
            #expect(!file.contains(subsequence: Array(text.utf8)))
            #expect(!file.contains(subsequence: Array(largest[1000..<1064])))
            // A root that is initialised takes no restore.
            SealClient.expectError(try await source.restore(file), 409, "STORE_NOT_EMPTY")

            try await SealTestRoot.with(arguments: Self.custom) { fresh in
                let target = try await SealClient(server: try await fresh.start(), password: fresh.password)
                #expect(
                    try await target.identity("PUT", "/users/bob", json: ["password": "bob-password"]).status == 201)
                let bob = try await target.server.login(uid: "bob", password: "bob-password")
                SealClient.expectError(
                    try await target.restore(Array("garbage".utf8), token: bob), 403, "FORBIDDEN")
                SealClient.expectError(try await target.restore(Array(file.dropLast())), 400, "BACKUP_DAMAGED")
                var flipped = file
                flipped[flipped.count / 2] ^= 0x20
                SealClient.expectError(try await target.restore(flipped), 400, "BACKUP_DAMAGED")
                #expect(try await fresh.storedValue("keys/seal-configuration") == nil)
                #expect(try await fresh.storedValue("secrets/default/app/db") == nil)
                #expect(try await target.sealStatus()["initialized"] as? Bool == false)

                let restored = try await target.restore(file)
                #expect(restored.status == 204, "\(restored.text)")
                // The backup's identity replaced the root's: its superuser's password, its tokens.
                #expect(try await target.send("GET", "/seal-status/default").status == 401)
                let admin = try await SealClient(server: target.server, password: origin.password)
                SealClient.expectError(try await admin.restore(file), 409, "STORE_NOT_EMPTY")
                let status = try await admin.sealStatus()
                #expect(status["initialized"] as? Bool == true && status["sealed"] as? Bool == true, "\(status)")
                #expect(status["threshold"] as? Int == 2 && status["shares"] as? Int == 2)
                SealClient.expectError(try await admin.send("GET", "/secret/default/app/db"), 503, "SEALED")
                try await admin.unseal(with: shares)

                #expect(try await admin.value(Self.adminPath) == text)
                #expect(try await admin.rawValue("app/largest") == largest)
                #expect(try await admin.rawValue("app/small") == [0, 255, 1, 0x0A, 0])
                #expect(try await admin.rawValue(Self.adminPath, token: alice) == Array(text.utf8))
                _ = try await target.server.login(uid: "alice", password: "alice-password")
                await #expect(throws: (any Error).self) {
                    try await target.server.login(uid: "bob", password: "bob-password")
                }
                #expect(try await admin.caRoot() == caRoot)
                #expect(try await admin.clusterID() == clusterID)
                // The audit trail's HMAC key is the backup's: a path hashes as it did in the original.
                let hmacKey = try #require(try await origin.storedValue("audit/hmac-key"))
                #expect(try await fresh.storedValue("audit/hmac-key") == hmacKey)
                let hashed = try await admin.send("POST", "/audit-hash", json: ["input": Self.adminPath])
                #expect(hashed.json["hash"] as? String == pathHash, "\(hashed.text)")
                let groups = try await admin.identity("GET", "/users/alice/groups")
                #expect(groups.text.contains("\"ops\""), "\(groups.text)")
            }
        }
    }

    @Test func bootstrapStoreRestoresOntoACustomInstanceAndUnsealsWithItsBootstrapKey() async throws {
        try await SealTestRoot.with { origin in
            let source = try await origin.startUnsealed()
            try await source.create(Self.adminPath, "bootstrap-value")
            let file = try await source.backup()
            try await SealTestRoot.with(arguments: Self.custom) { fresh in
                let target = try await SealClient(server: try await fresh.start(), password: fresh.password)
                #expect(try await target.restore(file).status == 204)
                let admin = try await SealClient(server: target.server, password: origin.password)
                #expect(try await admin.sealStatus()["sealed"] as? Bool == true)
                let opened = try await admin.send("PUT", "/auto-unseal/default")
                #expect(opened.status == 200 && opened.json["sealed"] as? Bool == false, "\(opened.text)")
                #expect(try await admin.value(Self.adminPath) == "bootstrap-value")
            }
        }
    }

    @Test func anInstanceAlreadyRunningOnTheRootTakesTheRestoredClusterIDAndAuditKey() async throws {
        try await SealTestRoot.with { origin in
            let source = try await origin.startUnsealed()
            let clusterID = try #require(try await source.clusterID())
            let pathHash = try #require(try await Self.auditHash(through: source))
            let file = try await source.backup()
            try await SealTestRoot.with(arguments: Self.custom) { fresh in
                let target = try await SealClient(server: try await fresh.start(), password: fresh.password)
                let bystander = try await SealClient(server: try await fresh.start(), password: fresh.password)
                // The other instance has answered with the fresh root's own id and key before.
                #expect(try await bystander.clusterID() != clusterID)
                #expect(try await Self.auditHash(through: bystander) != pathHash)

                #expect(try await target.restore(file).status == 204)
                // Its watches catch up within moments, without a restart (its identity too: the
                // backup's superuser logs in there).
                let deadline = ContinuousClock.now + .seconds(10)
                var seen: (String?, String?) = (nil, nil)
                while ContinuousClock.now < deadline {
                    guard let admin = try? await SealClient(server: bystander.server, password: origin.password) else {
                        try await Task.sleep(for: .milliseconds(100))
                        continue
                    }
                    seen = (try await admin.clusterID(), try await Self.auditHash(through: admin))
                    if seen == (clusterID, pathHash) { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(seen.0 == clusterID, "the other instance's cluster id")
                #expect(seen.1 == pathHash, "the other instance's audit hash")
            }
        }
    }

    static func auditHash(through client: SealClient) async throws -> String? {
        try await client.send("POST", "/audit-hash", json: ["input": adminPath]).json["hash"] as? String
    }

    @Test func backupTakenDuringWritesRestoresToAConsistentStore() async throws {
        try await SealTestRoot.with { origin in
            let source = try await origin.startUnsealed()
            let writes = WriteLoop(client: source)
            let loop = Task { try await writes.run() }
            try await writes.waitForAcknowledgements(40)
            let before = writes.acknowledged.withLock { $0 }
            let file = try await source.backup()
            try await writes.waitForAcknowledgements(writes.count + 20)
            loop.cancel()
            _ = try? await loop.value
            #expect(file.count > 200_000)

            try await SealTestRoot.with(arguments: Self.custom) { fresh in
                let target = try await SealClient(server: try await fresh.start(), password: fresh.password)
                #expect(try await target.restore(file).status == 204)
                let admin = try await SealClient(server: target.server, password: origin.password)
                _ = try await admin.send("PUT", "/auto-unseal/default")
                let listed = try await admin.send("GET", "/secret/default/loop?list=true")
                let paths = Set((listed.json["array"] as? [String]) ?? [])
                // Everything acknowledged before the backup began is in it, at that write or a later one.
                for (path, sequence) in before {
                    #expect(paths.contains(path), "\(path) was acknowledged before the backup began")
                    guard paths.contains(path), let value = try await admin.rawValue("loop/" + path) else { continue }
                    let read = try #require(WriteLoop.sequence(of: value, at: path), "\(path) holds a torn value")
                    #expect(read >= sequence, "\(path) went back from \(sequence) to \(read)")
                }
                // Every value is one that was written, whole.
                for path in paths where before[path] == nil {
                    guard let value = try await admin.rawValue("loop/" + path) else { continue }
                    #expect(WriteLoop.sequence(of: value, at: path) != nil, "\(path) holds a torn value")
                }
            }
        }
    }
}

/// Writes secrets under `loop/` until cancelled: a few paths updated again and again (some large
/// enough to be stored in chunks), and new paths; remembers the last acknowledged write of each.
final class WriteLoop: Sendable {
    let client: SealClient
    /// The last acknowledged write's sequence number, by path below `loop/`.
    let acknowledged = Mutex<[String: Int]>([:])
    private let total = Mutex(0)

    init(client: SealClient) { self.client = client }

    /// Acknowledged writes so far.
    var count: Int { total.withLock { $0 } }

    /// The value of write `sequence` at `path`: a header naming both, then filler derived from them.
    static func value(_ path: String, _ sequence: Int) -> [UInt8] {
        let size = path.hasPrefix("big") ? 700_000 : 2_000
        let header = Array("\(path):\(sequence):".utf8)
        let seed = UInt8(truncatingIfNeeded: sequence &* 31 &+ path.utf8.count)
        return header + (0..<size).map { UInt8(truncatingIfNeeded: $0) &+ seed }
    }

    /// The sequence number of `value` if it is exactly a value written at `path`; `nil` if torn.
    static func sequence(of value: [UInt8], at path: String) -> Int? {
        let text = String(decoding: value.prefix(64), as: UTF8.self)
        let fields = text.split(separator: ":", maxSplits: 2)
        guard fields.count == 3, fields[0] == path, let sequence = Int(fields[1]) else { return nil }
        return Self.value(path, sequence) == value ? sequence : nil
    }

    func run() async throws {
        var sequence = 0
        let updated = ["big-a", "big-b", "small-a", "small-b"]
        while !Task.isCancelled {
            sequence += 1
            let path = sequence.isMultiple(of: 3) ? "new-\(sequence)" : updated[sequence % updated.count]
            let exists = acknowledged.withLock { $0[path] != nil }
            let status = try await client.putBinary("loop/" + path, Self.value(path, sequence), create: !exists)
            guard status == 201 || status == 204 else { continue }
            acknowledged.withLock { $0[path] = sequence }
            total.withLock { $0 += 1 }
        }
    }

    func waitForAcknowledgements(_ wanted: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while count < wanted, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` appears anywhere in the array.
    fileprivate func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
