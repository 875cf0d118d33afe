/// Where a secret file goes, as components below the sandbox folder: never empty, never `.`,
/// `..` or an empty component. `SandboxWriter.destination(_:)` makes one from what a user wrote.
struct SandboxDestination: Hashable, CustomStringConvertible {
    /// The folders from the sandbox down, outermost first.
    let folders: [String]
    /// The file's name in the last folder.
    let name: String

    /// Every component, the file's name last.
    var components: [String] { folders + [name] }

    /// The path relative to the sandbox.
    var description: String { components.joined(separator: "/") }

    /// A destination of `components` (at least one), as checked by the writer.
    init(components: [String]) {
        precondition(!components.isEmpty, "a destination names a file")
        folders = Array(components.dropLast())
        name = components[components.count - 1]
    }
}
