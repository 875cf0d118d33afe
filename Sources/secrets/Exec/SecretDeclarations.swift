/// The `secrets` of an app or pod definition: the names its references use, each standing for the
/// path of a secret (`{NAME: {"source": PATH}}`).
struct SecretDeclarations {
    /// Secret names and their paths as written.
    let sources: [String: String]
    /// The definition's name, for errors.
    let source: String

    /// The declarations in `secrets` (absent means none); `source` names the definition in errors.
    init(_ secrets: JSONValue?, source: String) throws {
        self.source = source
        guard let secrets else {
            sources = [:]
            return
        }
        guard let declarations = secrets.object else { throw CLIError("\(source): secrets is not an object") }
        var sources: [String: String] = [:]
        for (name, declaration) in declarations {
            guard let path = declaration["source"]?.string else {
                throw CLIError("\(source): secret \(name) has no \"source\" naming its path")
            }
            sources[name] = path
        }
        self.sources = sources
    }

    /// The reference of the secret declared as `name`, delivered to `target`; `field` says where
    /// the definition refers to it. An undeclared name is an error naming it.
    func reference(to name: String, for target: SecretReference.Target, in field: String) throws -> SecretReference {
        guard let path = sources[name] else {
            throw CLIError("\(source): \(field) refers to the undeclared secret \(name)")
        }
        return try SecretReference(path: path, target: target)
    }
}
