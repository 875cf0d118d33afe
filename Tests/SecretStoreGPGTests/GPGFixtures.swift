import Foundation

/// The pre-generated test-only keys and messages in `Fixtures/gpg` (see its README), found from
/// this file's path: the repository root is three levels up.
enum GPGFixtures {
    /// `Fixtures/gpg` of this repository.
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SecretStoreGPGTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Fixtures/gpg")

    /// The bytes of one fixture file.
    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// One fixture file as text.
    static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// A fingerprint file (`operator.fpr`), without its newline.
    static func fingerprint(_ name: String) throws -> String {
        try text("\(name).fpr").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
