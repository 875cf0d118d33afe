import Foundation

/// The pre-generated test-only OpenPGP keys and messages in `Fixtures/gpg` (see its README).
public enum GPGFixtures {
    /// `Fixtures/gpg` of this repository.
    public static let directory = RepositoryFixtures.folder("gpg")

    /// The bytes of one fixture file.
    public static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// One fixture file as text.
    public static func text(_ name: String) throws -> String {
        String(decoding: try bytes(name), as: UTF8.self)
    }

    /// A fingerprint file (`operator.fpr`), without its newline.
    public static func fingerprint(_ name: String) throws -> String {
        try text("\(name).fpr").trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
