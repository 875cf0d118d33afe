import ArgumentParser

/// `secrets iam revoke RID ACTION (--user UID | --group GID)`.
struct IAMRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke an action on a resource from a user or a group.")

    @OptionGroup
    var grant: GrantOptions

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        try await server.client().send("DELETE", grant.grantPath)
        print("Revoked \(grant.action.rawValue) on \(grant.rid) from \(grant.principal)")
    }
}
