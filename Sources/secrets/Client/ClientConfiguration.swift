import Foundation

/// What `secrets login` saves and the other commands read: the server's URL, the account logged in,
/// its token and how HTTPS connections to the server are trusted. The file is JSON,
/// `{"url", "uid", "token", "ca_file"?, "insecure"?}`, readable by its owner only; a file without
/// the last two (written before HTTPS) trusts the system's roots.
struct ClientConfiguration: Codable, Equatable, CustomStringConvertible {
    /// The server's base URL.
    var url: String
    /// The account the token was issued to.
    var uid: String
    /// The token the server issued at login.
    var token: String
    /// The only CA certificate HTTPS connections accept (the store's root, accepted at login).
    var caFile: String?
    /// `true` when the login was made with `--insecure`: HTTPS certificates are not verified.
    var insecure: Bool?

    /// A configuration of `url`, `uid` and `token` whose HTTPS connections accept what `trust` allows.
    init(url: String, uid: String, token: String, trust: TLSTrust = .system) {
        self.url = url
        self.uid = uid
        self.token = token
        switch trust {
        case .caFile(let path): caFile = path
        case .insecure: insecure = true
        case .system, .certificates: break
        }
    }

    /// Which certificates HTTPS connections to `url` accept.
    var trust: TLSTrust {
        if insecure == true { return .insecure }
        if let caFile { return .caFile(caFile) }
        return .system
    }

    /// Never the token: a configuration may end up in a message.
    var description: String { "\(uid) at \(url)" }

    /// Where `secrets login` keeps the store's root certificate for the configuration at `path`:
    /// beside it, named after it (`config.json` → `config.ca.pem`).
    static func caFilePath(forConfiguration path: String) -> String {
        let file = URL(fileURLWithPath: path)
        let name = file.deletingPathExtension().lastPathComponent
        return file.deletingLastPathComponent().appendingPathComponent(name + ".ca.pem").path
    }

    /// `$SECRETS_CONFIG`, or `~/.config/secrets/config.json`.
    static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let path = environment["SECRETS_CONFIG"], !path.isEmpty { return path }
        let home =
            environment["HOME"].map { URL(fileURLWithPath: $0) } ?? FileManager.default.homeDirectoryForCurrentUser
        return home.appendingPathComponent(".config/secrets/config.json").path
    }

    private enum CodingKeys: String, CodingKey {
        case url, uid, token, insecure
        case caFile = "ca_file"
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
