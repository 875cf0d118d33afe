import ArgumentParser
import Foundation
import SecretStoreWire

/// `secrets validate-app FILE`: the deploy-time check a scheduler makes before it accepts an app
/// or a pod, through `POST /resolve?validate=true`: every secret the definition refers to must be
/// accessible from its id.
struct ValidateAppCommand: AsyncParsableCommand {
    /// A secret is denied or missing.
    static let refusedStatus: Int32 = 1
    /// The check could not be made.
    static let failedStatus: Int32 = 2

    static let configuration = CommandConfiguration(
        commandName: "validate-app", abstract: "Check that an app's or pod's secrets are accessible from its id.",
        discussion: """
            Prints one line `Secret PATH is not accessible` per secret that is outside the space of the \
            definition's id, not readable with the credentials, or missing (as Marathon answers), and \
            exits 1; prints a short OK line and exits 0 when all are accessible. Exit status 2: the \
            check could not be made (bad definition, credentials, server). Credentials as for `secrets exec`.
            """)

    @Argument(help: "The Marathon app or pod definition (JSON).")
    var file: String

    @OptionGroup(title: "Store")
    var store: StoreOptions

    func run() async throws {
        let validation: ResolveValidationAnswer
        let plan: LaunchPlan
        do {
            let app = try AppDefinition(contentsOf: file)
            plan = try LaunchPlan(space: app.id, references: app.references)
            guard let space = plan.space, !plan.paths.isEmpty else {
                print("OK: \(app.id) refers to no secret")
                return
            }
            let client = try await CredentialSource().client()
            validation = try await client.validate(plan.paths, space: space, store: store.storeID)
        } catch {
            StandardError.print("secrets validate-app: \(error)")
            throw ExitCode(Self.failedStatus)
        }
        guard !validation.isComplete else {
            print("OK: all \(plan.paths.count) secrets of \(plan.space ?? "") are accessible")
            return
        }
        let refused = Set(validation.denied + validation.missing)
        for path in plan.paths where refused.contains(path) { print("Secret \(path) is not accessible") }
        throw ExitCode(Self.refusedStatus)
    }
}
