import Foundation

/// What `secrets login` saves and the other commands read: the server's URL, the account logged in
/// and its token. The file is JSON, `{"url", "uid", "token"}`, readable by its owner only.
struct ClientConfiguration: Codable, Equatable, CustomStringConvertible {
    /// The server's base URL.
    var url: String
    /// The account the token was issued to.
    var uid: String
    /// The token the server issued at login.
    var token: String

    /// Never the token: a configuration may end up in a message.
    var description: String { "\(uid) at \(url)" }

    /// `$SECRETS_CONFIG`, or `~/.config/secrets/config.json`.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["SECRETS_CONFIG"], !path.isEmpty { return path }
        let home =
            environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".config/secrets/config.json").path
    }

    /// Reads the configuration at `path`.
    static func load(from path: String) throws -> ClientConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("not logged in: no configuration at \(path) (run `secrets login` first)")
        }
        do {
            return try JSONDecoder().decode(ClientConfiguration.self, from: data)
        } catch {
            throw CLIError("\(path) is not a configuration `secrets login` wrote: log in again")
        }
    }

    /// Writes the configuration to `path` atomically, mode 0600, in a folder created with mode 0700.
    func save(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try OwnerOnlyFile.write(try encoder.encode(self) + Data("\n".utf8), to: path)
    }
}
