import Foundation
import SecretStoreTesting
import Testing

/// A `secret-store` with in-memory storage in bootstrap mode, unsealed, whose CA has issued its
/// HTTPS certificate; with an operator's shell (curl, openssl) and the root certificate saved in
/// it, for tests of the transport over real handshakes.
struct TLSServer: Sendable {
    static let password = "bootstrap-password-tls-e2e"

    let process: SecretStoreServerProcess
    let shell: OperatorShell
    /// A token of the bootstrap superuser.
    let token: String
    /// The store's root certificate, as fetched from `/ca/dcos-ca.crt`.
    let rootPath: String
    /// Whether an HTTPS listener runs (not in security mode `disabled`).
    let servesHTTPS: Bool

    /// Starts one with `arguments` (after `--storage memory`), runs `body`, and stops it.
    static func with(arguments: [String] = [], _ body: (TLSServer) async throws -> Void) async throws {
        try await OperatorShell.with { shell in
            let process = try await SecretStoreServerProcess.start(
                arguments: ["--storage", "memory"] + arguments,
                environment: ["SECRET_STORE_BOOTSTRAP_PASSWORD": password])
            let result = await Result {
                let servesHTTPS = !arguments.joined(separator: " ").contains("--security-mode disabled")
                let token = try await unsealedToken(process: process, shell: shell)
                let server = TLSServer(
                    process: process, shell: shell, token: token, rootPath: shell.home + "/dcos-ca.crt",
                    servesHTTPS: servesHTTPS)
                try await server.awaitStoreCertificate()
                try await body(server)
            }
            await process.terminate()
            process.removeDirectory()
            try result.get()
        }
    }

    /// Logs in as the bootstrap superuser once the store is unsealed (at most 60 s), with curl: over
    /// plain HTTP, which in `strict` redirects to HTTPS, whose certificate is not trusted yet (`-k`).
    static func unsealedToken(process: SecretStoreServerProcess, shell: OperatorShell) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(60)
        var last = ""
        while ContinuousClock.now < deadline {
            let login = try await shell.run(
                "curl -sSkL --location-trusted -X POST -H 'Content-Type: application/json' "
                    + "--data '{\"uid\":\"bootstrapuser\",\"password\":\"\(password)\"}' "
                    + "\(process.baseURL)/acs/api/v1/auth/login")
            let object = try? JSONSerialization.jsonObject(with: Data(login.stdout.utf8)) as? [String: Any]
            if let token = object?["token"] as? String {
                let status = try await shell.run(
                    "curl -sSkL --location-trusted -H 'Authorization: token=\(token)' "
                        + "\(process.baseURL)/secrets/v1/seal-status/default")
                last = status.stdout
                if status.stdout.contains("\"sealed\":false") { return token }
            } else {
                last = login.stdout + login.stderr
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServerProcessError("the store did not unseal within 60 s: \(last)\n\(process.log)")
    }

    /// `https://127.0.0.1:<https port>`.
    var https: String { process.httpsBaseURL }
    /// `http://127.0.0.1:<port>`.
    var http: String { process.baseURL }

    /// Waits (at most 30 s) until the root can be fetched and the HTTPS listener presents a
    /// certificate the root verifies: the CA is made and has issued the server's certificate.
    func awaitStoreCertificate() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        var last = ""
        while ContinuousClock.now < deadline {
            // As `dcos cluster setup` does: fetched over HTTPS without trusting it yet (over plain
            // HTTP when there is no HTTPS).
            let source = servesHTTPS ? "-k \(https)/ca/dcos-ca.crt" : "\(http)/ca/dcos-ca.crt"
            let fetched = try await shell.run("curl -sf -o '\(rootPath)' \(source) && test -s '\(rootPath)'")
            if fetched.status == 0 {
                guard servesHTTPS else { return }
                let trusted = try await curl("-o /dev/null \(https)/ping")
                if trusted.status == 0 { return }
                last = trusted.stderr
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ServerProcessError("the HTTPS certificate never became the store CA's: \(last)\n\(process.log)")
    }

    /// `curl -sS --cacert <root> <arguments>` (arguments as shell words).
    func curl(_ arguments: String) async throws -> OperatorShell.Run {
        try await shell.run("curl -sS --cacert '\(rootPath)' \(arguments)")
    }

    /// The status code and the named response headers of `curl -I`-style exchange `arguments`.
    func exchange(_ arguments: String) async throws -> (status: Int, headers: [String: String], body: String) {
        let run = try await shell.run(
            "curl -sS --cacert '\(rootPath)' -D '\(shell.home)/headers' -o '\(shell.home)/body' \(arguments); "
                + "cat '\(shell.home)/headers'; echo; echo '--body--'; cat '\(shell.home)/body'")
        let parts = run.stdout.components(separatedBy: "\n--body--\n")
        var status = 0
        var headers: [String: String] = [:]
        for line in parts[0].split(whereSeparator: \.isNewline) {
            if line.hasPrefix("HTTP/") {
                status = Int(line.split(separator: " ")[1]) ?? 0
                headers = [:]
            } else if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                    .trimmingCharacters(in: .whitespaces)
            }
        }
        return (status, headers, parts.count > 1 ? parts[1] : "")
    }

    /// The certificates the HTTPS listener sends, PEM, leaf first.
    func servedChain() async throws -> [String] {
        try await shell.servedCertificates(port: process.httpsPort)
    }
}
