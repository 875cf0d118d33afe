import ArgumentParser

/// `secrets audit`: working with the store's audit trail.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with the audit trail.", subcommands: [AuditHashCommand.self])
}
