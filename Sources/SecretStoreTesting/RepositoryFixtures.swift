import Foundation

/// The `Fixtures` folder of this repository, found from this file's path, whatever folder a test
/// file sits in.
public enum RepositoryFixtures {
    /// The root of this repository.
    public static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // SecretStoreTesting
        .deletingLastPathComponent()  // Sources
        .deletingLastPathComponent()  // repository root

    /// `Fixtures/` of this repository.
    public static let root = repository.appendingPathComponent("Fixtures")

    /// One folder of fixtures, e.g. `gpg`.
    public static func folder(_ name: String) -> URL { root.appendingPathComponent(name) }
}
