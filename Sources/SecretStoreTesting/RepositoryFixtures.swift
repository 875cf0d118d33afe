import Foundation

/// The `Fixtures` folder of this repository, found from this file's path, whatever folder a test
/// file sits in.
public enum RepositoryFixtures {
    /// `Fixtures/` of this repository.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SecretStoreTesting
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("Fixtures")

    /// One folder of fixtures, e.g. `gpg`.
    public static func folder(_ name: String) -> URL { root.appendingPathComponent(name) }
}
