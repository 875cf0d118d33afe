extension AppDefinition {
    /// The references of a pod: its `environment`, each container's `environment`, and each
    /// container's `volumeMounts` of a pod volume that holds a secret.
    static func podReferences(
        _ pod: JSONValue, declared: SecretDeclarations, source: String
    ) throws -> [SecretReference] {
        var references = try environmentReferences(
            pod["environment"], field: "environment", declared: declared, source: source)
        let secretVolumes = try self.secretVolumes(pod["volumes"], declared: declared, source: source)
        guard let containers = pod["containers"]?.array else { throw CLIError("\(source): containers is not an array") }
        for (index, container) in containers.enumerated() {
            let field = "containers[\(index)]"
            references += try environmentReferences(
                container["environment"], field: "\(field).environment", declared: declared, source: source)
            guard let mounts = container["volumeMounts"] else { continue }
            guard let entries = mounts.array else { throw CLIError("\(source): \(field).volumeMounts is not an array") }
            for (mountIndex, mount) in entries.enumerated() {
                // Mounts of host or ephemeral volumes are no secrets.
                guard let volume = mount["name"]?.string, let secret = secretVolumes[volume] else { continue }
                let mountField = "\(field).volumeMounts[\(mountIndex)]"
                guard let destination = mount["mountPath"]?.string else {
                    throw CLIError("\(source): \(mountField) mounts secret volume \(volume) but has no mountPath")
                }
                references.append(try declared.reference(to: secret, for: .file(destination), in: mountField))
            }
        }
        return references
    }

    /// The pod's volumes that hold a secret: volume name to secret name. Every secret name is
    /// checked against the declarations, mounted or not.
    private static func secretVolumes(
        _ volumes: JSONValue?, declared: SecretDeclarations, source: String
    ) throws -> [String: String] {
        guard let volumes else { return [:] }
        guard let entries = volumes.array else { throw CLIError("\(source): volumes is not an array") }
        var secrets: [String: String] = [:]
        for (index, volume) in entries.enumerated() {
            guard let secret = volume["secret"] else { continue }
            let field = "volumes[\(index)]"
            guard let name = volume["name"]?.string else {
                throw CLIError("\(source): \(field) holds a secret but has no name")
            }
            guard let secretName = secret.string else {
                throw CLIError("\(source): \(field).secret is not a secret name")
            }
            guard declared.sources[secretName] != nil else {
                throw CLIError("\(source): \(field) refers to the undeclared secret \(secretName)")
            }
            secrets[name] = secretName
        }
        return secrets
    }
}
