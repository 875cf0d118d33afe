import Foundation
import SecretStoreTesting
import Testing

/// The three security modes over real sockets with curl (contract §7): each mode × HTTP/HTTPS ×
/// root/other path × HEAD/GET/PUT.
@Suite("Security modes end to end", .timeLimit(.minutes(3)))
struct SecurityModesEndToEndTests {
    @Test(arguments: ["disabled", "permissive", "strict"])
    func theModesMatrix(_ mode: String) async throws {
        try await TLSServer.with(arguments: ["--security-mode", mode]) { server in
            let redirectTo = "https://127.0.0.1:\(server.process.httpsPort)"
            // The dcos CLI's detection: HEAD / then HEAD /ca/dcos-ca.crt over plain HTTP.
            let headRoot = try await server.exchange("-I \(server.http)/")
            #expect(headRoot.status == (mode == "disabled" ? 200 : 307))
            let headCA = try await server.exchange("-I \(server.http)/ca/dcos-ca.crt")
            #expect(headCA.status == (mode == "strict" ? 307 : 200))
            if mode != "disabled" {
                #expect(headRoot.headers["location"] == redirectTo + "/")
            }

            // Other paths over plain HTTP: served unless strict, which redirects path and query.
            let ping = try await server.exchange("\(server.http)/ping?probe=1")
            #expect(ping.status == (mode == "strict" ? 307 : 200))
            if mode == "strict" { #expect(ping.headers["location"] == redirectTo + "/ping?probe=1") }
            #expect(ping.headers["strict-transport-security"] == nil)

            // A PUT over plain HTTP: stored, or in strict a 307 that keeps method and body.
            let put = try await server.exchange(
                "--location-trusted -X PUT -H 'Authorization: token=\(server.token)' "
                    + "-H 'Content-Type: application/json' --data '{\"value\":\"kept across the redirect\"}' "
                    + "\(server.http)/secrets/v1/secret/default/moved?x=1")
            #expect(put.status == 201, "\(put)")
            let base = mode == "disabled" ? server.http : server.https
            let read = try await server.exchange(
                "-H 'Authorization: token=\(server.token)' \(base)/secrets/v1/secret/default/moved")
            #expect(read.body.contains("kept across the redirect"), "\(read)")

            // HTTPS: nothing listens when disabled; else 200 for / with HSTS only when strict.
            let https = try await server.exchange("\(server.https)/")
            if mode == "disabled" {
                #expect(https.status == 0)
            } else {
                #expect(https.status == 200)
                #expect(https.body.hasPrefix("SecretStore "))
                #expect(https.headers["strict-transport-security"] == (mode == "strict" ? "max-age=31536000" : nil))
                let headHTTPS = try await server.exchange("-I \(server.https)/")
                #expect(headHTTPS.status == 200)
                let unknown = try await server.exchange("\(server.https)/no/such/path")
                #expect(unknown.status == 404 && unknown.body.contains("NOT_FOUND"))
            }
        }
    }

    @Test func withoutAHostHeaderTheRedirectNamesTheFirstTLSHostname() async throws {
        try await TLSServer.with(arguments: ["--security-mode", "strict", "--tls-hostname", "store.example"]) {
            server in
            // HTTP/1.0 allows a request without Host.
            let answer = try await RawExchange.send("GET /ping HTTP/1.0\r\n\r\n", port: server.process.port)
            #expect(answer.text.hasPrefix("HTTP/1.0 307") || answer.text.hasPrefix("HTTP/1.1 307"), "\(answer.text)")
            #expect(answer.text.contains("Location: https://store.example:\(server.process.httpsPort)/ping\r\n"))
        }
    }

    @Test func theLogSaysOnceThatDisabledIgnoresTheHTTPSPort() async throws {
        try await TLSServer.with(arguments: ["--security-mode", "disabled"]) { server in
            let lines = server.process.log.split(separator: "\n").filter { $0.contains("--https-port is ignored") }
            #expect(lines.count == 1)
        }
    }
}
