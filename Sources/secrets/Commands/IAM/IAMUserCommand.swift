import ArgumentParser
import SecretStoreWire

/// `secrets iam user`: users who log in with a password.
struct IAMUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users (accounts that log in with a password).",
        subcommands: [Create.self, Delete.self, List.self, Permissions.self])

    /// `secrets iam user create UID`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user.")

        @Argument(help: "The new user's uid.")
        var uid: String

        @Option(help: "A description of the user.")
        var description = ""

        @OptionGroup(title: "Password")
        var password: PasswordOptions

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let client = try server.client()
            let secret = try password.read(prompt: "Password for the new user \(uid): ", confirm: true)
            let body = UserBody(description: description, password: secret)
            try await client.send("PUT", IdentityAPIPath.user(uid), json: body)
            print("Created user \(uid)")
        }
    }

    /// `secrets iam user delete UID`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a user.")

        @Argument(help: "The user's uid.")
        var uid: String

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            try await server.client().send("DELETE", IdentityAPIPath.user(uid))
            print("Deleted user \(uid)")
        }
    }

    /// `secrets iam user list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the users.")

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let users = try await server.client().send(
                "GET", IdentityAPIPath.users, as: ArrayAnswer<UserAnswer>.self)
            var table = TextTable(header: ["UID", "DESCRIPTION"])
            for user in users.array { table.append([user.uid, user.description]) }
            print(table.rendered)
        }
    }

    /// `secrets iam user permissions UID`.
    struct Permissions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what a user or service account is granted, directly and through its groups.")

        @Argument(help: "The uid.")
        var uid: String

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let permissions = try await server.client().send(
                "GET", IdentityAPIPath.permissions(ofUser: uid), as: UserPermissionsAnswer.self)
            guard !permissions.direct.isEmpty || !permissions.groups.isEmpty else {
                print("\(uid) has no permissions")
                return
            }
            var table = TextTable(header: ["RID", "ACTIONS", "GRANTED TO"])
            for permission in permissions.direct {
                table.append([permission.rid, permission.actions.map(\.name).joined(separator: ","), uid])
            }
            for permission in permissions.groups {
                let group = permission.gid.map { "group \($0)" } ?? "a group"
                table.append([permission.rid, permission.actions.map(\.name).joined(separator: ","), group])
            }
            print(table.rendered)
        }
    }
}
