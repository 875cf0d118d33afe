/// A failure the CLI reports as one line and exit status 1 (not a usage error).
struct CLIError: Error, CustomStringConvertible {
    /// What went wrong, for the user.
    var description: String
    /// The HTTP status, when the server refused the request.
    var status: Int?
    /// The server's stable error code (`UNAUTHENTICATED`, `ALREADY_EXISTS`, ...), when it sent one.
    var code: String?
    /// Seconds the server asked us to wait before trying again (`Retry-After` of a 429).
    var retryAfter: Int?
    /// The paths the server's refusal names (`paths` of a resolve error), if any.
    var paths: [String] = []

    init(_ description: String) { self.description = description }

    /// An error answer of the server: its status, and the `{"code","message"}` of its body if it sent one.
    init(status: Int, code: String?, message: String?, retryAfter: Int?, paths: [String] = []) {
        self.status = status
        self.paths = paths
        self.code = code
        self.retryAfter = retryAfter
        var text = "the server answered \(status)"
        if let code { text += " \(code)" }
        if let message, !message.isEmpty { text += ": \(message)" }
        if let retryAfter { text += " (retry after \(retryAfter) s)" }
        // The message is the server's: keep it to one line whatever it holds.
        description = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
