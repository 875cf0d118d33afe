import SecretStoreWire

/// What `secrets exec` delivers to one task: the space the task runs in and every secret
/// reference, each environment variable and each file given exactly one secret.
struct LaunchPlan {
    /// The space, written as a Marathon id (`/group/app`); `nil` only when nothing is referenced.
    let space: String?
    /// The references, each once, in the order first given.
    let references: [SecretReference]

    /// A plan for `references` in `space` (repeated `/` collapse, a leading `/` is added). A
    /// variable or a destination given two different secrets is an error, as is a plan with
    /// secrets and no space.
    init(space: String?, references: [SecretReference]) throws {
        var seen: Set<SecretReference> = []
        var paths: [SecretReference.Target: String] = [:]
        var distinct: [SecretReference] = []
        for reference in references where seen.insert(reference).inserted {
            if let other = paths[reference.target] {
                throw CLIError("the \(reference.target) is given two secrets: \(other) and \(reference.path)")
            }
            paths[reference.target] = reference.path
            distinct.append(reference)
        }
        self.references = distinct
        guard let space else {
            guard distinct.isEmpty else {
                throw CLIError(
                    "no space for the secrets: give --space or --app-definition, or set DCOS_SPACE or MARATHON_APP_ID")
            }
            self.space = nil
            return
        }
        let components = space.split(separator: "/")
        guard !components.isEmpty else { throw CLIError("the space '\(space)' names no service") }
        self.space = "/" + components.joined(separator: "/")
    }

    /// The distinct paths, in the order first referenced: the body of the one resolve call.
    var paths: [String] {
        var seen: Set<String> = []
        return references.map(\.path).filter { seen.insert($0).inserted }
    }

    /// The file references: destination as given, and path.
    var files: [(destination: String, path: String)] {
        references.compactMap { reference in
            guard case .file(let destination) = reference.target else { return nil }
            return (destination, reference.path)
        }
    }

    /// The values for every reference, from the secrets the server delivered: decoded (see
    /// `DeliveredSecret.bytes()`), and refused for an environment variable when they hold a NUL
    /// byte, which no environment variable can. Errors name paths and variables, never values.
    func delivery(of secrets: [DeliveredSecret]) throws -> SecretDelivery {
        var values: [String: [UInt8]] = [:]
        for secret in secrets where values[secret.path] == nil {
            values[secret.path] = try secret.bytes()
        }
        var delivery = SecretDelivery()
        for reference in references {
            guard let value = values[reference.path] else {
                throw CLIError("the server did not deliver secret \(reference.path)")
            }
            switch reference.target {
            case .environment(let name):
                guard !value.contains(0) else {
                    throw CLIError(
                        "secret \(reference.path) holds a NUL byte, which the environment variable \(name) cannot hold")
                }
                delivery.environment.append((name, value))
            case .file(let destination):
                delivery.files.append((destination, value))
            }
        }
        return delivery
    }
}
