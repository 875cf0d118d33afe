import ArgumentParser
import Foundation
import Logging
import SecretStoreZooKeeper

/// Where secret-store keeps its data.
enum StorageKind: String, ExpressibleByArgument, CaseIterable {
    /// ZooKeeper: durable and shared by every instance (production).
    case zookeeper
    /// This process's memory: lost on exit, for development only.
    case memory
}

/// Reads ZooKeeper digest credentials (`user:password`) from a file or the environment, never from argv.
func loadZooKeeperCredentials(file: String?) throws -> ZooKeeperDigestCredentials? {
    var text: String?
    if let file {
        text = try String(contentsOfFile: file, encoding: .utf8)
    } else if let value = ProcessInfo.processInfo.environment["SECRET_STORE_ZK_CREDENTIALS"], !value.isEmpty {
        text = value
    }
    guard let text else { return nil }
    guard let credentials = ZooKeeperDigestCredentials(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw ValidationError("ZooKeeper credentials must have the form user:password")
    }
    return credentials
}
