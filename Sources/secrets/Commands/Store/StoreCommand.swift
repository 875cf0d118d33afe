import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets store`: the seal, keys and backends of a secret store, as `dcos security cluster
/// secret-store` manages them. Everything but `seal-status` needs a login with `dcos:superuser`.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Show, seal, unseal and initialize the secret store.",
        subcommands: [
            Show.self, Status.self, SealStatus.self, Seal.self, StoreUnsealCommand.self, AutoUnseal.self,
            StoreInitCommand.self, StoreSharesCommand.self, Rotate.self, KeyStatus.self, StoreRekeyCommand.self,
            StoreBackupCommand.self, StoreRestoreCommand.self,
        ])

    /// `secrets store show [STORE_ID]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the configured stores, or one of them.")

        @Argument(help: "The store to show; every store if omitted.", transform: StoreOptions.validated)
        var storeID: String?

        @Flag(name: [.short, .long], help: "Print the server's JSON.")
        var json = false

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            let client = try server.client()
            let answer = try await client.send("GET", SecretsAPIPath.backends(storeID))
            if json {
                print(JSONValue.prettyText(answer))
                return
            }
            let value = try? JSONDecoder().decode(JSONValue.self, from: answer)
            let backends: [JSONValue]
            if storeID == nil, case .object(let fields)? = value, case .array(let array)? = fields["array"] {
                backends = array
            } else if let value {
                backends = [value]
            } else {
                throw CLIError("unexpected answer from \(client.baseURL) to GET \(SecretsAPIPath.backends(storeID))")
            }
            // As dcos prints them: each store's name, then its other fields indented.
            for case .object(var fields) in backends {
                let name = fields.removeValue(forKey: "name")?.scalarText ?? storeID ?? "?"
                print("\(name):")
                if !fields.isEmpty { print(JSONValue.object(fields).described(depth: 1)) }
            }
        }
    }

    /// `secrets store status`.
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one store's backend: driver, address, whether it is initialized and sealed.")

        @OptionGroup
        var options: StoreQueryOptions

        func run() async throws {
            try await options.printAnswer("GET", { SecretsAPIPath.backends($0) })
        }
    }

    /// `secrets store seal-status`.
    struct SealStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "seal-status",
            abstract: "Show whether the store is sealed, and how many shares unseal it.")

        @OptionGroup
        var options: StoreQueryOptions

        func run() async throws {
            try await options.printAnswer("GET", { SecretsAPIPath.store(.sealStatus, $0) })
        }
    }

    /// `secrets store seal`.
    struct Seal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Seal the store on this server: secrets stay unreadable until it is unsealed.",
            discussion: "Acts on the one server instance the URL reaches, and stays sealed across its restarts.")

        @OptionGroup(title: "Store")
        var store: StoreOptions

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            try await server.client().send("PUT", SecretsAPIPath.store(.seal, store.storeID))
            print("Sealed store \(store.storeID)")
        }
    }

    /// `secrets store auto-unseal`.
    struct AutoUnseal: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "auto-unseal",
            abstract: "Unseal the store with the server's own bootstrap key (bootstrap mode only).")

        @OptionGroup
        var options: StoreQueryOptions

        func run() async throws {
            try await options.printAnswer("PUT", { SecretsAPIPath.store(.autoUnseal, $0) })
        }
    }

    /// `secrets store rotate`.
    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Start a new data key term: new writes use it, older terms keep decrypting.")

        @OptionGroup(title: "Store")
        var store: StoreOptions

        @OptionGroup(title: "Server")
        var server: SavedLoginOptions

        func run() async throws {
            try await server.client().send("PUT", SecretsAPIPath.store(.rotate, store.storeID))
            print("Rotated the data key of store \(store.storeID)")
        }
    }

    /// `secrets store key-status`.
    struct KeyStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "key-status",
            abstract: "Show the current data key term, when it was installed and how often it encrypted.")

        @OptionGroup
        var options: StoreQueryOptions

        func run() async throws {
            try await options.printAnswer("GET", { SecretsAPIPath.store(.keyStatus, $0) })
        }
    }
}
