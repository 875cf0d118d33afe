import ArgumentParser
import SecretStoreWire

/// `secrets audit hash PATH`: the form a secret path takes in the audit trail
/// (`POST /secrets/v1/audit-hash`), to find its lines: `grep "$(secrets audit hash app/db)" audit.log`.
struct AuditHashCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash", abstract: "Print the hash a secret path takes in audit lines.",
        discussion: """
            Audit lines show secret paths as hmac-sha256:<hex>, keyed with a key of the installation. \
            This asks the store for a path's hash (superuser), so that its lines can be found: \
            grep "$(secrets audit hash app/db)" audit.log
            """)

    @Argument(help: "The secret path or folder, e.g. app/db.")
    var path: String

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        do {
            _ = try NormalizedSecretPath.secret(path)
        } catch {
            throw ValidationError("'\(path)' is not a secret path: \(error.message)")
        }
        let answer = try await server.client().send(
            "POST", SecretsAPIPath.auditHash, json: AuditHashBody(input: path), as: AuditHashAnswer.self)
        print(answer.hash)
    }
}
