import ArgumentParser
import Foundation

/// `secrets exec`: the entry point of a task. Fetches the task's secrets in one resolve call, puts
/// them in environment variables and in files of its sandbox, then runs the command in its place.
struct ExecCommand: AsyncParsableCommand {
    /// A secret was denied or is missing: nothing was written, the command did not start.
    static let refusedStatus: Int32 = 1
    /// Anything else went wrong before the command started.
    static let failedStatus: Int32 = 2

    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Run a task's command with its secrets in its environment and sandbox.",
        discussion: """
            The secrets come from --env NAME=PATH, --file DEST=PATH and the app or pod definition of \
            --app-definition (its id is the space; its secret environment variables and secret volumes \
            are delivered). The space is otherwise --space, $DCOS_SPACE or $MARATHON_APP_ID. Files go \
            into the sandbox (--sandbox or $MESOS_SANDBOX), mode 0400; a destination outside it, with \
            '..' or through a symbolic link is refused. A text secret whose last path component starts \
            with __dcos_base64__ is base64-decoded first.

            Credentials: $DCOS_SERVICE_ACCOUNT_CREDENTIAL (a service account login), else $SECRETS_TOKEN \
            (server $SECRETS_URL, default http://127.0.0.1:1337), else the configuration `secrets login` \
            saved.

            The command then replaces this process: its exit status and signals are its own. Before \
            that, exit status 1 means a secret is not accessible from the space or does not exist (one \
            line per path), 2 any other failure, 126 a command that cannot be executed, 127 a command \
            not found, 64 a usage error. Nothing is written and the command does not run then.
            """)

    @Option(help: "The service the task belongs to (a Marathon id such as /group/app).")
    var space: String?

    @Option(name: .customLong("env"), help: "Put the secret PATH in the environment variable NAME (NAME=PATH).")
    var environmentOptions: [String] = []

    @Option(name: .customLong("file"), help: "Write the secret PATH to the file DEST of the sandbox (DEST=PATH).")
    var fileOptions: [String] = []

    @Option(name: .customLong("app-definition"), help: "A Marathon app or pod definition (JSON) naming the secrets.")
    var appDefinition: String?

    @Option(help: "The sandbox folder files go into (default: $MESOS_SANDBOX).")
    var sandbox: String?

    @OptionGroup(title: "Store")
    var store: StoreOptions

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard !command.isEmpty else { throw ValidationError("name the command to run after --") }
        if space != nil, appDefinition != nil {
            throw ValidationError("give --space or --app-definition, not both: the definition's id is the space")
        }
    }

    func run() async throws {
        // Before the HTTP client or anything else changes signals or opens descriptors.
        let inherited = InheritedProcessState.record()
        let failure: TaskCommand.Failure
        do {
            let (command, environment) = try await prepare(ProcessInfo.processInfo.environment)
            inherited.restoreForExec()
            // Only returns if the command vanished or changed since it was found, before any write:
            // the files stay, as a task's sandbox is its own and the task is failing anyway.
            failure = command.replaceProcess(environment: environment)
        } catch let error as TaskCommand.Failure {
            failure = error
        } catch let refusal as SecretAccessRefusal {
            for line in refusal.lines {
                StandardError.print("secrets exec: " + line)
            }
            throw ExitCode(Self.refusedStatus)
        } catch {
            StandardError.print("secrets exec: \(error)")
            throw ExitCode(Self.failedStatus)
        }
        StandardError.print("secrets exec: \(failure)")
        throw ExitCode(failure.status)
    }

    /// Everything up to `execve`: the plan, the command found, the sandbox checked, the secrets
    /// resolved and decoded, the files written. Returns the command and its environment.
    private func prepare(_ environment: [String: String]) async throws -> (TaskCommand, TaskEnvironment) {
        let plan = try plan(environment)
        let command = try TaskCommand(arguments: self.command, searchPath: environment["PATH"])
        let files = try SecretFiles(plan: plan, sandbox: sandbox ?? environment["MESOS_SANDBOX"])
        var delivery = SecretDelivery()
        if let space = plan.space, !plan.paths.isEmpty {
            let client = try await CredentialSource(environment: environment).client()
            let secrets = try await client.resolveExplaining(plan.paths, space: space, store: store.storeID)
            delivery = try plan.delivery(of: secrets)
        }
        try files.write(delivery)
        var taskEnvironment = TaskEnvironment.current()
        for variable in delivery.environment { taskEnvironment.set(variable.name, to: variable.value) }
        return (command, taskEnvironment)
    }

    /// The plan the options and the app definition make.
    private func plan(_ environment: [String: String]) throws -> LaunchPlan {
        var references: [SecretReference] = []
        var space = self.space ?? environment["DCOS_SPACE"] ?? environment["MARATHON_APP_ID"]
        if let appDefinition {
            let app = try AppDefinition(contentsOf: appDefinition)
            space = app.id
            references = app.references
        }
        references += try environmentOptions.map { try SecretReference(option: $0, target: { .environment($0) }) }
        references += try fileOptions.map { try SecretReference(option: $0, target: { .file($0) }) }
        return try LaunchPlan(space: space.flatMap { $0.isEmpty ? nil : $0 }, references: references)
    }
}
