import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets iam service-account`: accounts that log in with an RSA key pair.
struct IAMServiceAccountCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "service-account", abstract: "Manage service accounts (accounts that log in with an RSA key).",
        subcommands: [Create.self, Delete.self, List.self, KeyPair.self])

    /// `secrets iam service-account create UID --public-key FILE`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a service account.")

        @Argument(help: "The new service account's uid.")
        var uid: String

        @Option(name: .customLong("public-key"), help: "The account's PEM RSA public key file (2048 bits or more).")
        var publicKey: String

        @Option(help: "A description of the service account.")
        var description = ""

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let client = try server.client()
            guard let pem = FileManager.default.contents(atPath: publicKey) else {
                throw CLIError("cannot read the public key file \(publicKey)")
            }
            let body = UserBody(
                description: description, publicKey: String(decoding: pem, as: UTF8.self))
            try await client.send("PUT", IdentityAPIPath.user(uid), json: body)
            print("Created service account \(uid)")
        }
    }

    /// `secrets iam service-account delete UID`.
    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a service account.")

        @Argument(help: "The service account's uid.")
        var uid: String

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            try await server.client().send("DELETE", IdentityAPIPath.user(uid))
            print("Deleted service account \(uid)")
        }
    }

    /// `secrets iam service-account list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the service accounts.")

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let accounts = try await server.client().send(
                "GET", IdentityAPIPath.serviceAccounts, as: ArrayAnswer<UserAnswer>.self)
            var table = TextTable(header: ["UID", "DESCRIPTION"])
            for account in accounts.array { table.append([account.uid, account.description]) }
            print(table.rendered)
        }
    }

    /// `secrets iam service-account keypair PRIVATE_OUT PUBLIC_OUT`.
    struct KeyPair: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "keypair", abstract: "Generate a 2048-bit RSA key pair for a service account.",
            discussion: """
                Runs `openssl genpkey` (openssl must be on the PATH). The private key (PKCS#8 PEM) is \
                written with mode 0600, the public key (PEM) with mode 0644. Existing files are not \
                overwritten.
                """)

        @Argument(help: "Where to write the private key.")
        var privateKeyFile: String

        @Argument(help: "Where to write the public key.")
        var publicKeyFile: String

        func validate() throws {
            for file in [privateKeyFile, publicKeyFile] where FileManager.default.fileExists(atPath: file) {
                throw ValidationError("\(file) exists: choose another name or remove it")
            }
            if privateKeyFile == publicKeyFile { throw ValidationError("give two different files") }
        }

        func run() async throws {
            let pair = try RSAKeyPair.generate()
            try OwnerOnlyFile.write(Data(pair.privateKeyPEM.utf8), to: privateKeyFile)
            do {
                try Data(pair.publicKeyPEM.utf8).write(to: URL(fileURLWithPath: publicKeyFile), options: .atomic)
            } catch {
                throw CLIError("cannot write \(publicKeyFile): \(error.localizedDescription)")
            }
            print("Wrote the private key to \(privateKeyFile) and the public key to \(publicKeyFile)")
        }
    }
}
