import Foundation
import Logging
import SecretStoreCrypto
import SecretStoreWire
import Synchronization

@testable import SecretStoreCore

/// A store initialised on in-memory storage, with secrets, identity and a cluster id, to back up.
struct BackupFixture {
    let storage: InMemoryStorage
    let unsealKey: SymmetricKey
    let vault: SecretVault
    let identity: IdentityService

    /// A one-byte-short-of-the-limit binary secret, text secrets, a user, a group and a grant.
    static func make(secrets: Int = 5) async throws -> BackupFixture {
        let storage = InMemoryStorage()
        let unsealKey = try SymmetricKey.random()
        let barrier = Barrier(storage: storage)
        let configuration = SealConfiguration(
            mode: .custom, shares: 1, threshold: 1, pgpFingerprints: ["f"], keys: ["00"], shareDigests: ["00"],
            initialized: Date(timeIntervalSince1970: 1_700_000_000))
        try await storage.commit([
            try barrier.initialKeyringMutation(unsealKey: unsealKey),
            .create(StoreLayout.sealConfiguration, try configuration.encoded()),
        ])
        try await barrier.unseal(with: unsealKey)
        let vault = SecretVault(storage: storage, barrier: barrier)
        for index in 0..<secrets {
            try await vault.create(
                try SecretPath.secret("app/text-\(index)"),
                SecretContent(kind: .text, value: Array("value \(index)".utf8)),
                author: "alice")
        }
        try await vault.create(
            try SecretPath.secret("app/binary"),
            SecretContent(kind: .binary, value: (0..<1_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }),
            author: "alice")
        let identity = try await Self.identity(on: storage, superuser: "origin-admin")
        try await identity.directory.createGroup("ops", description: "operators")
        try await identity.directory.addMember("origin-admin", to: "ops")
        try await identity.directory.createACL(try ResourceID("dcos:secrets:default:/app/*"), description: "app")
        try await identity.directory.grant(
            .read, on: try ResourceID("dcos:secrets:default:/app/*"), to: .group("ops"))
        _ = try await Installation(storage: storage).clusterID()
        return BackupFixture(storage: storage, unsealKey: unsealKey, vault: vault, identity: identity)
    }

    /// The identity service of an instance over `storage`, with `superuser` created on first start.
    static func identity(on storage: any Storage, superuser: String) async throws -> IdentityService {
        try await IdentityService.open(
            storage: storage,
            configuration: IdentityService.Configuration(
                passwordRounds: 1000,
                bootstrapSuperuser: BootstrapSuperuser(uid: superuser, credential: .password("pw-\(superuser)"))),
            logger: Logger(label: "test"))
    }

    /// The whole backup of `storage`, as the HTTP route would stream it.
    static func backup(of storage: any Storage) async throws -> [UInt8] {
        let file = Mutex<[UInt8]>([])
        try await StoreBackup(storage: storage).write { piece in file.withLock { $0 += piece } }
        return file.withLock { $0 }
    }

    /// Every key a backup carries, and its value.
    static func scope(of storage: InMemoryStorage) async throws -> [StorageKey: [UInt8]] {
        try await everything(in: storage).filter { BackupScope.includes($0.key) }
    }

    /// Every key in `storage`, and its value.
    static func everything(in storage: InMemoryStorage) async throws -> [StorageKey: [UInt8]] {
        var values: [StorageKey: [UInt8]] = [:]
        for key in try await storage.valueKeys(below: .root) {
            values[key] = try await storage.read(key)?.bytes
        }
        return values
    }
}

/// In-memory storage whose commits fail (outcome unknown, not applied) after `allowedCommits`.
final class FailingStorage: Storage {
    let base: InMemoryStorage
    private let remaining: Mutex<Int>

    init(base: InMemoryStorage, allowedCommits: Int) {
        self.base = base
        remaining = Mutex(allowedCommits)
    }

    var maximumValueSize: Int { base.maximumValueSize }
    var isReachable: Bool { base.isReachable }
    func read(_ key: StorageKey) async throws -> VersionedValue? { try await base.read(key) }
    func children(of key: StorageKey) async throws -> [String] { try await base.children(of: key) }
    func valueKeys(below key: StorageKey) async throws -> [StorageKey] { try await base.valueKeys(below: key) }

    func commit(_ mutations: [StorageMutation]) async throws {
        let allowed = remaining.withLock { remaining in
            defer { remaining -= 1 }
            return remaining > 0
        }
        guard allowed else { throw StorageError(.unavailable, "the test cut the connection") }
        try await base.commit(mutations)
    }

    func watch(_ key: StorageKey) async throws -> any AsyncSequence<StorageChange, Never> & Sendable {
        try await base.watch(key)
    }

    func notifyOnNextChange(of key: StorageKey, into changes: AsyncStream<StorageChange>.Continuation) async throws {
        try await base.notifyOnNextChange(of: key, into: changes)
    }
}
