import ArgumentParser
import SecretStoreWire

/// `secrets iam acl`: the resources permissions are granted on.
struct IAMACLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "acl", abstract: "Manage ACLs (the resources permissions are granted on).",
        subcommands: [Create.self])

    /// `secrets iam acl create RID`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the ACL of a resource.")

        @Argument(help: "The resource id, e.g. dcos:secrets:default:/db/password.")
        var rid: String

        @Option(help: "A description of the resource.")
        var description = ""

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let body = DescriptionBody(description: description)
            try await server.client().send("PUT", IdentityAPIPath.acl(rid), json: body)
            print("Created ACL \(rid)")
        }
    }
}
