import ArgumentParser
import SecretStoreWire

/// `secrets iam grant RID ACTION (--user UID | --group GID)`: creates the ACL when it does not exist
/// yet, as the dcos CLI does, then grants the action.
struct IAMGrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Grant an action on a resource to a user or a group.")

    @OptionGroup
    var grant: GrantOptions

    @Option(help: "The description of the ACL, if this creates it.")
    var description = ""

    @OptionGroup(title: "Server")
    var server: SavedLoginOptions

    func run() async throws {
        let client = try server.client()
        do {
            try await client.send(
                "PUT", grant.aclPath, json: DescriptionBody(description: description))
        } catch let error as CLIError where error.status == 409 {
            // The ACL exists already: that is the usual case.
        }
        try await client.send("PUT", grant.grantPath)
        print("Granted \(grant.action.rawValue) on \(grant.rid) to \(grant.principal)")
    }
}
