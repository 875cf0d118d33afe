import ArgumentParser
import SecretStoreWire

/// `secrets iam group`: groups and their members.
struct IAMGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "Manage groups and their members.",
        subcommands: [Create.self, Delete.self, List.self, AddUser.self, RemoveUser.self])

    /// `secrets iam group create GID`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a group.")

        @Argument(help: "The new group's gid.")
        var gid: String

        @Option(help: "A description of the group.")
        var description = ""

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let body = DescriptionBody(description: description)
            try await server.client().send("PUT", IdentityAPIPath.group(gid), json: body)
            print("Created group \(gid)")
        }
    }

    /// `secrets iam group delete GID`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a group.")

        @Argument(help: "The group's gid.")
        var gid: String

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            try await server.client().send("DELETE", IdentityAPIPath.group(gid))
            print("Deleted group \(gid)")
        }
    }

    /// `secrets iam group list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the groups.")

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let groups = try await server.client().send(
                "GET", IdentityAPIPath.groups, as: ArrayAnswer<GroupAnswer>.self)
            var table = TextTable(header: ["GID", "DESCRIPTION"])
            for group in groups.array { table.append([group.gid, group.description]) }
            print(table.rendered)
        }
    }

    /// `secrets iam group add-user GID UID`.
    struct AddUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-user", abstract: "Add a user or service account to a group.")

        @Argument(help: "The group's gid.")
        var gid: String

        @Argument(help: "The uid to add.")
        var uid: String

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            try await server.client().send("PUT", IdentityAPIPath.member(uid, of: gid))
            print("Added \(uid) to group \(gid)")
        }
    }

    /// `secrets iam group remove-user GID UID`.
    struct RemoveUser: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove-user", abstract: "Remove a user or service account from a group.")

        @Argument(help: "The group's gid.")
        var gid: String

        @Argument(help: "The uid to remove.")
        var uid: String

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            try await server.client().send("DELETE", IdentityAPIPath.member(uid, of: gid))
            print("Removed \(uid) from group \(gid)")
        }
    }
}
