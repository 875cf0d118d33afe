import Foundation
import ServiceLifecycle
import Synchronization

/// What names this installation to clients: the cluster id the `dcos` CLI files a cluster under
/// (`GET /metadata`, contract §7), made once and shared by every instance through storage. Only a
/// restore replaces it, so each instance remembers it; as a `Service` it watches the record and
/// forgets what it remembered when the record changes (a restore through another instance).
public final class Installation: Service, Sendable {
    let storage: any Storage
    private let known = Mutex<String?>(nil)

    /// The installation whose records live in `storage`.
    public init(storage: any Storage) {
        self.storage = storage
    }

    /// The cluster id, a lowercase UUID4; made now if the installation has none. If instances make
    /// one at the same time, every instance ends up with the one stored first.
    public func clusterID() async throws -> String {
        if let id = known.withLock({ $0 }) { return id }
        let id = try await readOrMake()
        known.withLock { $0 = id }
        return id
    }

    /// Forgets the remembered cluster id whenever its record changes, until graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.storage.follow(StoreLayout.clusterID) { self.forgetClusterID() }
        }
    }

    /// Forgets the cluster id read so far, as after a restore replaced it: the next call reads it again.
    package func forgetClusterID() {
        known.withLock { $0 = nil }
    }

    private func readOrMake() async throws -> String {
        if let stored = try await storage.read(StoreLayout.clusterID) {
            return try Self.decode(stored.bytes)
        }
        let made = UUID().uuidString.lowercased()
        do {
            try await storage.create(StoreLayout.clusterID, Array(made.utf8))
            return made
        } catch let error as StorageError where error.code == .alreadyExists {
            guard let stored = try await storage.read(StoreLayout.clusterID) else { throw error }
            return try Self.decode(stored.bytes)
        }
    }

    private static func decode(_ bytes: [UInt8]) throws -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let id = UUID(uuidString: text), id.uuidString.lowercased() == text else {
            throw StorageError(.corrupted, "the cluster id at \(StoreLayout.clusterID) is not a lowercase UUID")
        }
        return text
    }
}
