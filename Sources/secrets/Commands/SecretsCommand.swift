import ArgumentParser

/// The command-line client of the secret store.
@main
struct SecretsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secrets", abstract: "Command-line client of the SecretStore secret store.",
        subcommands: [
            PingCommand.self, LoginCommand.self, SecretCreateCommand.self, SecretUpdateCommand.self,
            SecretGetCommand.self, SecretListCommand.self, SecretDeleteCommand.self,
            ServiceAccountSecretCommand.self, ExecCommand.self, ValidateAppCommand.self, StoreCommand.self,
            IAMCommand.self, CACommand.self, AuditCommand.self,
        ])
}
