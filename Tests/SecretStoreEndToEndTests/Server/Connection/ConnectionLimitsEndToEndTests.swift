import Foundation
import SecretStoreTesting
import Testing

/// What one client can hold, against the built `secret-store` over real sockets: connections that
/// idle, heads and bodies that never finish, many idle connections at once, the connection cap.
/// Short timeouts (`--idle-timeout 1 --read-timeout 2`) keep the tests fast; every wait is bounded
/// well past them, so a server that never closes fails instead of hanging.
@Suite("Connection limits end to end", .timeLimit(.minutes(3)))
struct ConnectionLimitsEndToEndTests {
    static let shortTimeouts = ["--idle-timeout", "1", "--read-timeout", "2"]

    @Test func anIdleConnectionIsClosedAfterTheIdleTimeout() async throws {
        try await MemoryServer.with(arguments: Self.shortTimeouts) { server in
            let connection = try await RawTCPConnection.open(port: server.port)
            defer { connection.close() }
            let start = ContinuousClock.now
            let (bytes, closed) = await connection.receive(within: .seconds(10))
            let elapsed = ContinuousClock.now - start
            #expect(closed, "still open after \(elapsed)")
            #expect(bytes.isEmpty, "\(String(decoding: bytes, as: UTF8.self))")
            #expect(elapsed >= .milliseconds(800) && elapsed < .seconds(5), "closed after \(elapsed)")
        }
    }

    @Test func aKeepAliveClientPausingLessThanTheIdleTimeoutKeepsItsConnection() async throws {
        // A 4 s idle timeout against 1 s pauses: wide enough that a loaded machine's scheduling delays
        // (a 1 s timeout against 0.5 s pauses failed inside a busy run) do not look like idling.
        try await MemoryServer.with(arguments: ["--idle-timeout", "4"]) { server in
            let connection = try await RawTCPConnection.open(port: server.port)
            defer { connection.close() }
            // Six requests a second apart: longer than the idle timeout in all.
            for round in 1...6 {
                #expect(await connection.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"), "round \(round)")
                let (bytes, closed) = await connection.receive(within: .seconds(5)) { RawHTTPResponse.isComplete($0) }
                let answers = RawHTTPResponse.parseAll(bytes)
                #expect(!closed, "round \(round): closed")
                #expect(answers.count == 1 && answers.first?.body == Array("pong".utf8), "round \(round)")
                try await Task.sleep(for: .seconds(1))
            }
        }
    }

    @Test func aHeadSentAByteEveryHalfSecondIsCutAfterTheReadTimeout() async throws {
        try await MemoryServer.with(arguments: Self.shortTimeouts) { server in
            let connection = try await RawTCPConnection.open(port: server.port)
            defer { connection.close() }
            let head = Array("GET /ping HTTP/1.1\r\nHost: x\r\nX-Slow: " + String(repeating: "a", count: 100))
            let start = ContinuousClock.now
            var received: [UInt8] = []
            var closed = false
            // At most 20 bytes (10 s): far past the 2 s read timeout.
            for byte in head.prefix(20) {
                guard await connection.send(String(byte)) else {
                    closed = true
                    break
                }
                let answer = await connection.receive(within: .milliseconds(500))
                received += answer.bytes
                if answer.closed {
                    closed = true
                    break
                }
            }
            let elapsed = ContinuousClock.now - start
            #expect(closed, "still open after \(elapsed)")
            #expect(elapsed < .seconds(6), "closed after \(elapsed)")
            // 408 with the contract's body if the answer got through before the close.
            if let answer = RawHTTPResponse.parseAll(received).first {
                #expect(answer.status == 408)
                #expect(answer.json["code"] as? String == "REQUEST_TIMEOUT")
            }
        }
    }

    @Test func aBodyAnnouncedAsTenGigabytesIsCutAfterTheReadTimeoutAndStoresNothing() async throws {
        try await SecretsServer.with(arguments: Self.shortTimeouts) { servers in
            let server = servers[0]
            // A secret upload announcing more than its body limit is refused at once (413), a login
            // waits for its body until the read timeout (408); either way one answer, then a close.
            let requests: [(request: String, status: Int, code: String)] = [
                (
                    "PUT /secrets/v1/secret/default/huge HTTP/1.1\r\nHost: x\r\nAuthorization: token=\(server.token)\r\n"
                        + "Content-Type: application/octet-stream\r\nContent-Length: 10000000000\r\n\r\n0123456789",
                    413, "TOO_LARGE"
                ),
                (
                    "POST /acs/api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 10000000000\r\n\r\n{\"uid\": \"x",
                    408, "REQUEST_TIMEOUT"
                ),
            ]
            for (request, status, code) in requests {
                let start = ContinuousClock.now
                let exchange = try await RawExchange.send(request, port: server.process.port)
                let elapsed = ContinuousClock.now - start
                #expect(exchange.closed, "still open after \(elapsed)")
                #expect(elapsed >= .milliseconds(1800) && elapsed < .seconds(6), "closed after \(elapsed)")
                #expect(exchange.responses.count == 1, "\(exchange.text)")
                #expect(exchange.responses.first?.status == status, "\(exchange.text)")
                #expect(exchange.responses.first?.headers["content-type"] == "application/json")
                #expect(exchange.responses.first?.json["code"] as? String == code, "\(exchange.text)")
            }
            #expect(try await server.send("GET", "huge").status == 404)
            #expect(RawExchange.errorLines(server.process.log).isEmpty, "\(server.process.log)")
        }
    }

    /// Started the way a service manager often starts it, with a soft descriptor limit of 256 under
    /// a higher hard one, the server raises the soft limit: 500 idle connections do not starve it.
    @Test func pingAnswersWhileFiveHundredIdleConnectionsAreOpen() async throws {
        try await MemoryServer.with(descriptorSoftLimit: 256) { server in
            var idle: [RawTCPConnection] = []
            defer { for connection in idle { connection.close() } }
            var failure: (any Error)?
            for _ in 0..<500 {
                // A full accept queue drops the handshake and the client retries after 1 s: allow a few.
                do {
                    idle.append(try await RawTCPConnection.open(port: server.port, within: .seconds(5)))
                } catch {
                    failure = error
                    break
                }
            }
            #expect(idle.count == 500, "\(failure.map { "\($0)" } ?? "")")
            let ping = try await RawExchange.send(
                "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", port: server.port, within: .seconds(5))
            #expect(ping.responses.first?.body == Array("pong".utf8), "\(ping.text)")
            let limitLine = server.log.split(separator: "\n").first { $0.contains("Descriptor limit") }
            #expect(limitLine != nil && !(limitLine?.contains("soft=256") ?? true), "\(server.log)")
        }
    }

    @Test func aConnectionBeyondTheCapWaitsUntilHeldOnesAreClosed() async throws {
        // In the default security mode (permissive) the cap is split between the plain and the
        // HTTPS listener: 40 leaves the plain listener 20.
        let arguments = ["--max-connections", "40", "--idle-timeout", "1", "--read-timeout", "8"]
        try await MemoryServer.with(arguments: arguments) { server in
            // The start-up probe's pooled keep-alive connection holds a slot until it idles out.
            try await Task.sleep(for: .milliseconds(1500))
            var held: [RawTCPConnection] = []
            defer { for connection in held { connection.close() } }
            let opening = ContinuousClock.now
            // Each of the 20 is answered once, so the server has accepted all of them before the 21st
            // arrives (NIO accepts a backlog in batches: a 21st queued in the same batch would be
            // taken too); then each starts a request it never finishes, which keeps it busy (not
            // idle) until the read timeout.
            for _ in 0..<20 {
                let connection = try await RawTCPConnection.open(port: server.port)
                held.append(connection)
                #expect(await connection.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"))
                let answer = await connection.receive(within: .seconds(5)) { RawHTTPResponse.isComplete($0) }
                #expect(RawHTTPResponse.parseAll(answer.bytes).first?.body == Array("pong".utf8))
                #expect(await connection.send("GET /ping HTTP/1.1\r\nHost: x\r\n"))
            }
            try #require(ContinuousClock.now - opening < .seconds(6), "opening 20 connections took too long")
            // The kernel completes the handshake; the server does not take the connection yet.
            let waiting = try await RawTCPConnection.open(port: server.port)
            defer { waiting.close() }
            #expect(await waiting.send("GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"))
            let early = await waiting.receive(within: .seconds(1)) { RawHTTPResponse.isComplete($0) }
            #expect(early.bytes.isEmpty, "answered beyond the cap: \(String(decoding: early.bytes, as: UTF8.self))")
            // The 20 unfinished requests get 408 after 8 s; then the waiting one is taken and answered.
            let late = await waiting.receive(within: .seconds(20)) { RawHTTPResponse.isComplete($0) }
            #expect(RawHTTPResponse.parseAll(late.bytes).first?.body == Array("pong".utf8))
        }
    }
}
