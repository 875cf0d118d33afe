import Foundation
import Logging
import SecretStoreCore
import SecretStoreHTTP

/// An audit trail written to a temporary file, for router tests: paths clear, or hashed with a
/// fixed key; the file is removed when the fixture goes. Its timeout is long: a write that a
/// machine busy with parallel tests delays must not count as a stuck trail (the trail's service,
/// which would recover it, does not run in router tests).
final class AuditTrailFixture: Sendable {
    /// The trail, to hand to the services.
    let trail: AuditTrail
    /// The file it writes.
    let path: String
    /// The key paths are hashed with (when not clear).
    static let key = [UInt8](repeating: 7, count: 32)

    init(clearPaths: Bool = false, timeout: Duration = .seconds(30)) throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("audit-\(UUID().uuidString).log").path
        let hasher = AuditPathHasher(clearPaths: clearPaths)
        if !clearPaths { hasher.install(Self.key) }
        trail = try AuditTrail(
            destination: .file(path), timeout: timeout, hasher: hasher, storage: InMemoryStorage(),
            metrics: .prometheus(), logger: Logger(label: "test.audit"))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// The file's text.
    func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Every line, parsed.
    func lines() throws -> [[String: Any]] {
        try text().split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
            guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
            return dictionary
        }
    }
}
