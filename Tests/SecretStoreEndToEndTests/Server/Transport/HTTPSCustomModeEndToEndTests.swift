import Foundation
import SecretStoreGPG
import SecretStoreTesting
import Testing

/// A custom-mode store initialised and unsealed entirely over HTTPS in `strict` mode (contract §7):
/// first trusting the bootstrap issuer by the fingerprint the log prints, then the store's own CA,
/// whose certificate this machine keeps and serves while the store is sealed after a restart.
@Suite("HTTPS: custom mode end to end", .timeLimit(.minutes(3)))
struct HTTPSCustomModeEndToEndTests {
    @Test func initAndUnsealOverHTTPSAndAfterARestartWhileSealed() async throws {
        let context = try GPGContext()
        defer { context.close() }
        _ = try context.importKey(Array(try GPGFixtures.text("operator.sec.asc").utf8))
        try await OperatorShell.with { shell in
            let machine = ["--unseal-mode", "custom", "--security-mode", "strict", "--tls-dir", shell.home + "/tls"]
            try await SealTestRoot.with(arguments: machine) { root in
                let server = try await root.start()
                // Before initialisation: the bootstrap issuer, pinned by the fingerprint in the log.
                let logged = try #require(Self.loggedFingerprint(server.log), "\(server.log)")
                let chain = try await shell.servedCertificates(port: server.httpsPort)
                let bootstrap = try shell.file("bootstrap.pem", text: try #require(chain.last))
                let fingerprint = try await shell.run("openssl x509 -in '\(bootstrap)' -noout -fingerprint -sha256")
                #expect(fingerprint.stdout.contains("=" + logged), "the served issuer is the logged one")
                let https = HTTPSCalls(shell: shell, base: server.httpsBaseURL, caFile: bootstrap)
                #expect(try await https.call("GET", "/ca/dcos-ca.crt").status == 503, "no CA before initialisation")

                var token = try await https.login(root.password)
                let initialized = try await https.call(
                    "PUT", "/secrets/v1/init/default", token: token,
                    json: ["shares": 1, "threshold": 1, "pgp_keys": [try GPGFixtures.text("operator.pub.asc")]])
                #expect(initialized.status == 200, "\(initialized.body)")
                let key = try #require((initialized.json["keys"] as? [String])?.first)
                let share = String(decoding: try context.decrypt(try #require(HexText.decode(key))), as: UTF8.self)
                let unsealed = try await https.call(
                    "PUT", "/secrets/v1/unseal/default", token: token, json: ["key": share])
                #expect(unsealed.json["sealed"] as? Bool == false, "\(unsealed.body)")

                // Unsealed: the CA exists and issues this server its certificate.
                let rootPath = shell.home + "/dcos-ca.crt"
                let trusted = HTTPSCalls(shell: shell, base: server.httpsBaseURL, caFile: rootPath)
                try await Self.waitUntil("the store's CA serves HTTPS") {
                    let fetched = try await shell.run(
                        "curl -skf -o '\(rootPath)' \(server.httpsBaseURL)/ca/dcos-ca.crt")
                    guard fetched.status == 0 else { return false }
                    return try await trusted.call("GET", "/ping").body == "pong"
                }
                let written = try await trusted.call(
                    "PUT", "/secrets/v1/secret/default/db/password", token: token, json: ["value": "over https"])
                #expect(written.status == 201, "\(written.body)")

                // After a restart the store is sealed, and this machine's certificate still serves.
                #expect(await server.terminate() == 0)
                let again = try await root.start()
                #expect(Self.loggedFingerprint(again.log) == nil, "no bootstrap issuer: the CA's certificate is kept")
                let restarted = HTTPSCalls(shell: shell, base: again.httpsBaseURL, caFile: rootPath)
                token = try await restarted.login(root.password)
                let status = try await restarted.call("GET", "/secrets/v1/seal-status/default", token: token)
                #expect(status.json["sealed"] as? Bool == true, "\(status.body)")
                let reopened = try await restarted.call(
                    "PUT", "/secrets/v1/unseal/default", token: token, json: ["key": share])
                #expect(reopened.json["sealed"] as? Bool == false, "\(reopened.body)")
                let read = try await restarted.call("GET", "/secrets/v1/secret/default/db/password", token: token)
                #expect(read.json["value"] as? String == "over https")
                // Plain HTTP only redirects in strict mode.
                let plain = try await shell.run(
                    "curl -s -o /dev/null -w '%{http_code}' \(again.baseURL)/secrets/v1/seal-status/default")
                #expect(plain.stdout == "307")
                expectLog(again.log + server.log, holdsNone: [("the share", share), ("the token", token)])
            }
        }
    }

    /// The fingerprint in the log's "bootstrap issuer" line, if any.
    static func loggedFingerprint(_ log: String) -> String? {
        guard let line = log.split(separator: "\n").first(where: { $0.contains("bootstrap-issuer-sha256=") }),
            let range = line.range(of: "bootstrap-issuer-sha256=")
        else { return nil }
        return String(line[range.upperBound...].prefix { $0 != " " })
    }

    /// Polls `condition` for at most 30 s.
    static func waitUntil(_ what: String, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("timed out waiting until \(what)")
    }
}

/// JSON calls over HTTPS with curl, trusting only `caFile`.
struct HTTPSCalls {
    let shell: OperatorShell
    let base: String
    let caFile: String

    /// One call's answer.
    struct Answer {
        var status: Int
        var body: String
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// `method path` with a token and a JSON body if given.
    func call(_ method: String, _ path: String, token: String? = nil, json: [String: Any]? = nil) async throws -> Answer
    {
        var arguments = "-sS --cacert '\(caFile)' -X \(method) -w '\\n%{http_code}'"
        if let token { arguments += " -H 'Authorization: token=\(token)'" }
        if let json {
            let body = try shell.file(
                "body-\(UUID().uuidString).json", Array(try JSONSerialization.data(withJSONObject: json)))
            arguments += " -H 'Content-Type: application/json' --data-binary @'\(body)'"
        }
        let run = try await shell.run("curl \(arguments) '\(base)\(path)'")
        let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return Answer(status: Int(lines.last ?? "") ?? 0, body: lines.dropLast().joined(separator: "\n"))
    }

    /// Logs in as the bootstrap superuser; the token.
    func login(_ password: String) async throws -> String {
        let answer = try await call(
            "POST", "/acs/api/v1/auth/login", json: ["uid": SealTestRoot.superuser, "password": password])
        return try #require(answer.json["token"] as? String, "login: \(answer.status) \(answer.body)")
    }
}
