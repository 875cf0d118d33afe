/// The files of a launch plan: their destinations resolved in the sandbox and checked before any
/// secret is fetched, then written with the delivered values, all or none.
struct SecretFiles {
    /// The writer, when the plan has files.
    private let writer: SandboxWriter?
    /// Each destination as given, and where it lies in the sandbox.
    private let destinations: [String: SandboxDestination]

    /// The files of `plan` in the folder `sandbox` (required when there are files). Two
    /// destinations that name the same file must be given the same secret.
    init(plan: LaunchPlan, sandbox: String?) throws {
        guard !plan.files.isEmpty else {
            writer = nil
            destinations = [:]
            return
        }
        guard let sandbox, !sandbox.isEmpty else {
            throw CLIError("secret files need a sandbox folder: give --sandbox or set MESOS_SANDBOX")
        }
        let writer = try SandboxWriter(sandbox: sandbox)
        var destinations: [String: SandboxDestination] = [:]
        var paths: [SandboxDestination: String] = [:]
        var ordered: [SandboxDestination] = []
        for file in plan.files {
            let destination = try writer.destination(file.destination)
            destinations[file.destination] = destination
            if let other = paths[destination] {
                guard other == file.path else {
                    throw CLIError(
                        "the file \(destination) in the sandbox is given two secrets: \(other) and \(file.path)")
                }
                continue
            }
            paths[destination] = file.path
            ordered.append(destination)
        }
        try writer.check(ordered)
        self.writer = writer
        self.destinations = destinations
    }

    /// Writes the delivered files, each destination once.
    func write(_ delivery: SecretDelivery) throws {
        guard let writer else { return }
        var seen: Set<SandboxDestination> = []
        var files: [SandboxWriter.File] = []
        for file in delivery.files {
            guard let destination = destinations[file.destination] else {
                throw CLIError("the file destination \(file.destination) was not checked")
            }
            if seen.insert(destination).inserted {
                files.append(SandboxWriter.File(destination: destination, contents: file.contents))
            }
        }
        try writer.write(files)
    }
}
