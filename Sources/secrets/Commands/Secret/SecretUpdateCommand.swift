import ArgumentParser

/// `secrets update PATH`: replaces the value of an existing secret, as `dcos security secrets
/// update` does.
struct SecretUpdateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Update the value of a secret.",
        discussion: """
            Give the new value with exactly one of -v (text), -t (a UTF-8 text file, kept exactly) and \
            -f (a file's raw bytes, stored as a binary secret). Fails if there is no secret at the path.
            """)

    @OptionGroup
    var options: SecretWriteOptions

    func run() async throws {
        try await options.send("PATCH")
        print("Updated secret \(options.path)")
    }
}
