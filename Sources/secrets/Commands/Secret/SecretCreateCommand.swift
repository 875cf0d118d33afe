import ArgumentParser

/// `secrets create PATH`: stores a new secret, as `dcos security secrets create` does.
struct SecretCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a secret.",
        discussion: """
            Give the value with exactly one of -v (text), -t (a UTF-8 text file, kept exactly) and -f \
            (a file's raw bytes, stored as a binary secret). Fails if the path holds a secret already: \
            use `secrets update` to change it.
            """)

    @OptionGroup
    var options: SecretWriteOptions

    func run() async throws {
        try await options.send("PUT")
        print("Created secret \(options.path)")
    }
}
