/// Why a task may not receive its secrets: the paths outside its space or unreadable with the
/// caller's credentials (`denied`), and the paths where no secret exists (`missing`), as
/// `?validate=true` names them. Only paths, never a value.
struct SecretAccessRefusal: Error, CustomStringConvertible {
    /// The space the secrets were asked for.
    var space: String
    /// Every path asked for, in request order.
    var paths: [String]
    /// Paths the caller may not receive.
    var denied: [String]
    /// Paths holding no secret.
    var missing: [String]

    /// One line per offending path, in request order: `Secret P is not accessible from SPACE` or
    /// `Secret P does not exist`.
    var lines: [String] {
        let ordered = paths.filter { denied.contains($0) || missing.contains($0) }
        let rest = (denied + missing).filter { !paths.contains($0) }
        return (ordered + rest).map { path in
            denied.contains(path)
                ? "Secret \(path) is not accessible from \(space)" : "Secret \(path) does not exist"
        }
    }

    /// Every line, joined.
    var description: String { lines.joined(separator: "; ") }
}
