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

/// Reads ZooKeeper digest credentials (`user:password`) from a file or the environment, never from
/// argv. `SECRET_STORE_ZK_CREDENTIALS` is wiped from the environment either way.
func loadZooKeeperCredentials(file: String?) throws -> ZooKeeperDigestCredentials? {
    var text = EnvironmentSecret.take("SECRET_STORE_ZK_CREDENTIALS")
    if let file {
        text = try String(contentsOfFile: file, encoding: .utf8)
    }
    guard let text else { return nil }
    guard let credentials = ZooKeeperDigestCredentials(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw ValidationError("ZooKeeper credentials must have the form user:password")
    }
    return credentials
}
