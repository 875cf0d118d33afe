import Foundation
import SecretStoreTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTPS listener over real handshakes with openssl and curl (contract §7): versions, trust,
/// and the reload of an operator's certificate on SIGHUP.
@Suite("TLS end to end", .timeLimit(.minutes(3)))
struct TLSEndToEndTests {
    /// `openssl s_client` with `version` (`-tls1` … `-tls1_3`) against the HTTPS port: the
    /// negotiated protocol, or nil if the handshake failed. OpenSSL 3 offers TLS 1.0 and 1.1 only
    /// at security level 0, which the command sets for them.
    static func handshake(_ shell: OperatorShell, port: Int, _ version: String) async -> String? {
        let legacy = version == "-tls1" || version == "-tls1_1" ? "-cipher 'DEFAULT:@SECLEVEL=0'" : ""
        guard
            let run = try? await shell.run(
                "openssl s_client -connect 127.0.0.1:\(port) \(version) \(legacy) </dev/null 2>&1")
        else { return nil }
        // "New, TLSv1.2, Cipher is …" names the suite's version ("(NONE)" when refused); the
        // negotiated one is on the "Protocol  : TLSv1.1" line, which TLS 1.3 sessions may not print.
        let lines = run.stdout.split(separator: "\n")
        guard run.status == 0, let new = lines.first(where: { $0.hasPrefix("New, ") }), !new.contains("(NONE)") else {
            return nil
        }
        if let protocolLine = lines.first(where: { $0.contains("Protocol  :") }) {
            return protocolLine.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return new.components(separatedBy: ", ").dropFirst().first
    }

    @Test func tls12And13ByDefaultAndOlderOnlyWhenAskedFor() async throws {
        try await OperatorShell.with { shell in
            try await MemoryServer.with { server in
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1") == nil)
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1_1") == nil)
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1_2") == "TLSv1.2")
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1_3") == "TLSv1.3")
            }
            try await MemoryServer.with(arguments: ["--tls-min-version", "1.0"]) { server in
                // This machine's OpenSSL 3 still speaks TLS 1.0 at security level 0, with the
                // CBC-SHA suites the server then offers.
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1") == "TLSv1")
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1_1") == "TLSv1.1")
            }
            try await MemoryServer.with(arguments: ["--tls-min-version", "1.3"]) { server in
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1_2") == nil)
                #expect(await Self.handshake(shell, port: server.httpsPort, "-tls1_3") == "TLSv1.3")
            }
        }
    }

    @Test func aClientTrustingAnotherCAIsRefusedAndOneTrustingTheCertificateIsServed() async throws {
        try await OperatorShell.with { shell in
            let mine = try await shell.selfSigned("mine")
            let other = try await shell.selfSigned("other")
            try await MemoryServer.with(arguments: ["--tls-cert", mine.certificate, "--tls-key", mine.key]) { server in
                let trusted = try await shell.run("curl -sS --cacert '\(mine.certificate)' \(server.httpsBaseURL)/ping")
                #expect(trusted.stdout == "pong", "\(trusted.stderr)")
                let refused = try await shell.run(
                    "curl -sS --cacert '\(other.certificate)' \(server.httpsBaseURL)/ping")
                #expect(refused.status == 60, "curl: peer certificate cannot be authenticated: \(refused.stderr)")
            }
        }
    }

    @Test func sighupReloadsForNewConnectionsAndKeepsOpenOnesAndABrokenFileKeepsTheOld() async throws {
        try await OperatorShell.with { shell in
            let first = try await shell.selfSigned("first")
            let second = try await shell.selfSigned("second")
            let certificate = try shell.file(
                "server.crt", text: try String(contentsOfFile: first.certificate, encoding: .utf8))
            let key = try shell.file("server.key", text: try String(contentsOfFile: first.key, encoding: .utf8))
            try await MemoryServer.with(arguments: ["--tls-cert", certificate, "--tls-key", key]) { server in
                let open = try KeepAliveTLSClient(port: server.httpsPort, caFile: first.certificate)
                defer { open.close() }
                #expect(try await open.get("/ping", expecting: "pong"))

                _ = try shell.file("server.crt", text: try String(contentsOfFile: second.certificate, encoding: .utf8))
                _ = try shell.file("server.key", text: try String(contentsOfFile: second.key, encoding: .utf8))
                kill(server.processIdentifier, SIGHUP)
                try await Self.waitForLog(server, "Reloaded the TLS certificate")
                let new = try await shell.run("curl -sS --cacert '\(second.certificate)' \(server.httpsBaseURL)/ping")
                #expect(new.stdout == "pong", "a new connection gets the new certificate: \(new.stderr)")
                let old = try await shell.run("curl -sS --cacert '\(first.certificate)' \(server.httpsBaseURL)/ping")
                #expect(old.status == 60, "and no longer the old one")
                #expect(try await open.get("/ping", expecting: "pong"), "the open connection keeps working")

                _ = try shell.file("server.crt", text: "not a certificate")
                kill(server.processIdentifier, SIGHUP)
                try await Self.waitForLog(server, "Cannot reload the TLS certificate")
                let kept = try await shell.run("curl -sS --cacert '\(second.certificate)' \(server.httpsBaseURL)/ping")
                #expect(kept.stdout == "pong", "a broken file keeps the certificate in use: \(kept.stderr)")
                let failures = server.log.split(separator: "\n").filter { $0.contains("Cannot reload") }
                #expect(failures.count == 1, "one line per failed reload")
                #expect(try await open.get("/ping", expecting: "pong"))
            }
        }
    }

    @Test func aKeyThatIsNotTheCertificatesRefusesToStart() async throws {
        try await OperatorShell.with { shell in
            let one = try await shell.selfSigned("one")
            let two = try await shell.selfSigned("two")
            await #expect(throws: (any Error).self) {
                try await MemoryServer.with(arguments: ["--tls-cert", one.certificate, "--tls-key", two.key]) { _ in }
            }
        }
    }

    /// Waits (at most 10 s) until the server's log holds `text`.
    static func waitForLog(_ server: SecretStoreServerProcess, _ text: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if server.log.contains(text) { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("the log never said \"\(text)\":\n\(server.log)")
    }
}
