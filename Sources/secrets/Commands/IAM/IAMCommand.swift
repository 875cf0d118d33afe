import ArgumentParser

/// `secrets iam`: manages users, service accounts, groups and permissions. Every subcommand that
/// talks to the server needs a login with `dcos:superuser`.
struct IAMCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam", abstract: "Manage users, service accounts, groups and permissions.",
        subcommands: [
            IAMUserCommand.self, IAMServiceAccountCommand.self, IAMGroupCommand.self, IAMACLCommand.self,
            IAMGrantCommand.self, IAMRevokeCommand.self,
        ])
}
