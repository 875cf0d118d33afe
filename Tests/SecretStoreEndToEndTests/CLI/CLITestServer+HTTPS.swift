import Foundation
import SecretStoreTesting
import Testing

extension CLITestServer {
    /// `https://127.0.0.1:<https port>`.
    var httpsURL: String { server.httpsBaseURL }
    /// Where the test keeps the store's root certificate, fetched as an operator would.
    var rootPath: String { directory + "/root.pem" }
    /// Where `secrets login` keeps the accepted root, beside `configPath`.
    var savedRootPath: String { directory + "/config/config.ca.pem" }

    /// Waits (at most 30 s) until the store's CA has issued the HTTPS listener's certificate: the
    /// root fetched from `/ca/dcos-ca.crt` (over HTTPS, not yet trusted) verifies `GET /ping`.
    /// Leaves the root in `rootPath` and returns its SHA-256 fingerprint as openssl prints it.
    @discardableResult
    func awaitStoreCertificate(shell: OperatorShell) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = ""
        while ContinuousClock.now < deadline {
            let fetched = try await shell.run(
                "curl -sfk -o '\(rootPath)' \(httpsURL)/ca/dcos-ca.crt && "
                    + "curl -sS --cacert '\(rootPath)' -o /dev/null \(httpsURL)/ping")
            if fetched.status == 0 { return try await fingerprint(of: rootPath, shell: shell) }
            last = fetched.stderr
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServerShellError("the HTTPS certificate never became the store CA's: \(last)\n\(server.log)")
    }

    /// The SHA-256 fingerprint of the certificate file `path`, from `openssl x509 -fingerprint`.
    func fingerprint(of path: String, shell: OperatorShell) async throws -> String {
        let run = try await shell.run("openssl x509 -in '\(path)' -noout -fingerprint -sha256")
        guard run.status == 0, let equals = run.stdout.firstIndex(of: "=") else {
            throw ServerShellError("openssl x509 -fingerprint: \(run.stderr)")
        }
        return run.stdout[run.stdout.index(after: equals)...].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `secrets login` as the bootstrap superuser to the HTTPS URL with `options`; `answer` is the
    /// first line of standard input (the answer to the certificate question) when given.
    func logInOverHTTPS(_ options: [String] = [], answer: String? = nil, config: String? = nil) async throws -> Run {
        try await secrets(
            ["login", "--url", httpsURL, "--uid", Self.superuser, "--password-stdin"] + options
                + (config.map { ["--config", $0] } ?? []),
            stdin: (answer.map { $0 + "\n" } ?? "") + superuserPassword + "\n")
    }

    /// Starts `secrets arguments` without waiting for it (a task `secrets exec` turns into a
    /// server), with the environment `secrets` gets, standard output to `outputPath`.
    func launch(_ arguments: [String], environment extra: [String: String] = [:], outputPath: String) throws
        -> Process
    {
        let process = secretsProcess(arguments, environment: extra)
        for path in [outputPath, outputPath + ".err"] {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath + ".err"))
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits (at most `limit`) until the file `path` holds a line starting with `prefix`, and
    /// returns the rest of that line.
    func awaitLine(startingWith prefix: String, in path: String, within limit: Duration = .seconds(60)) async throws
        -> String
    {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }) {
                return String(line.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let errors = (try? String(contentsOfFile: path + ".err", encoding: .utf8)) ?? ""
        throw ServerShellError("no line `\(prefix)` in \(path) within \(limit): \(errors)")
    }
}

/// A TLS server of `openssl s_server` on a free loopback port, answering every request with a
/// status page: a peer whose certificate a test chooses.
struct OpenSSLTestServer {
    let process: Process
    let port: Int

    /// Starts one presenting `certificate` with `key`; the caller stops it with `stop()`.
    static func start(certificate: String, key: String, in directory: String) async throws -> OpenSSLTestServer {
        let output = directory + "/s_server-\(UUID().uuidString).out"
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = ["s_server", "-accept", "127.0.0.1:0", "-cert", certificate, "-key", key, "-www"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("ACCEPT ") }),
                let port = line.split(separator: ":").last.flatMap({ Int($0) })
            {
                return OpenSSLTestServer(process: process, port: port)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(process.processIdentifier, SIGKILL)
        throw ServerShellError("openssl s_server did not start")
    }

    /// Stops it with SIGKILL: it inherits the signal mask of the test's thread, where SIGTERM is
    /// blocked, so `terminate()` would leave it running.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
