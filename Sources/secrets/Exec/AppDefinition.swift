import Foundation

/// A Marathon app or pod definition, as far as its secrets go: its id, which is the space its
/// tasks receive secrets from, and every reference to a declared secret.
///
/// Both kinds declare secrets in `secrets`, `{NAME: {"source": PATH}}`. An app refers to them from
/// `env` values `{"secret": NAME}` (environment variables) and from `container.volumes` entries
/// `{"containerPath", "secret": NAME}` (files). A pod, recognised by its `containers` array, refers
/// to them from `environment` (its own and each container's) and from `volumes` entries
/// `{"name", "secret": NAME}` that a container's `volumeMounts` `{"name", "mountPath"}` mount (see
/// `AppDefinition+Pod.swift`). Anything else in the definition is Marathon's business and ignored.
struct AppDefinition {
    /// The app's or pod's id, as written.
    let id: String
    /// Every reference, in definition order (environment variables sorted by name).
    let references: [SecretReference]

    /// Reads the definition in the file at `path`.
    init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the app definition \(path)")
        }
        try self.init(json: data, source: path)
    }

    /// Parses the definition in `data`; `source` names it in errors.
    init(json data: Data, source: String) throws {
        guard let root = try? JSONDecoder().decode(JSONValue.self, from: data), root.object != nil else {
            throw CLIError("\(source) is not a JSON object")
        }
        guard let id = root["id"]?.string, !id.isEmpty else {
            throw CLIError("\(source) has no \"id\": it names the space of its secrets")
        }
        let declared = try SecretDeclarations(root["secrets"], source: source)
        self.id = id
        if root["containers"] != nil {
            references = try Self.podReferences(root, declared: declared, source: source)
        } else {
            references = try Self.appReferences(root, declared: declared, source: source)
        }
    }

    /// The references of an app: `env` and `container.volumes`.
    private static func appReferences(
        _ app: JSONValue, declared: SecretDeclarations, source: String
    ) throws -> [SecretReference] {
        var references = try environmentReferences(app["env"], field: "env", declared: declared, source: source)
        guard let volumes = app["container"]?["volumes"] else { return references }
        guard let entries = volumes.array else { throw CLIError("\(source): container.volumes is not an array") }
        for (index, volume) in entries.enumerated() {
            guard let secret = volume["secret"] else { continue }
            let field = "container.volumes[\(index)]"
            guard let name = secret.string else { throw CLIError("\(source): \(field).secret is not a secret name") }
            guard let destination = volume["containerPath"]?.string else {
                throw CLIError("\(source): \(field) mounts secret \(name) but has no containerPath")
            }
            references.append(try declared.reference(to: name, for: .file(destination), in: field))
        }
        return references
    }

    /// The references of an environment object (`env` of an app, `environment` of a pod or of a
    /// pod's container), sorted by variable name. Plain string values are not secrets: skipped.
    static func environmentReferences(
        _ environment: JSONValue?, field: String, declared: SecretDeclarations, source: String
    ) throws -> [SecretReference] {
        guard let environment else { return [] }
        guard let variables = environment.object else { throw CLIError("\(source): \(field) is not an object") }
        var references: [SecretReference] = []
        for name in variables.keys.sorted() {
            guard let value = variables[name], value.object != nil else { continue }
            guard let secret = value["secret"]?.string else {
                throw CLIError("\(source): \(field).\(name) is an object but not {\"secret\": NAME}")
            }
            references.append(try declared.reference(to: secret, for: .environment(name), in: "\(field).\(name)"))
        }
        return references
    }
}
