import Foundation
import SecretStoreTesting
import Testing

/// Requests that are not valid HTTP/1.1, sent as raw bytes to the built `secret-store`: each gets
/// one answer, 400 with the contract's JSON body, nothing is stored, and nothing is logged at
/// `error` (they are the client's fault, not the server's).
@Suite("Malformed HTTP end to end", .timeLimit(.minutes(3)))
struct MalformedHTTPEndToEndTests {
    /// A malformed body: its name, what follows the request's own headers, and whether the client
    /// then stops sending (a body cut short).
    struct MalformedBody: Sendable, CustomStringConvertible {
        var description: String
        var rest: String
        var closeSending = false
    }

    static let bodies = [
        MalformedBody(
            description: "invalid chunk size", rest: "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
        MalformedBody(
            description: "truncated chunked body", rest: "Transfer-Encoding: chunked\r\n\r\n40\r\n{\"value\"",
            closeSending: true),
        MalformedBody(
            description: "truncated body", rest: "Content-Length: 100\r\n\r\n{\"value\"", closeSending: true),
        MalformedBody(
            description: "bad trailer", rest: "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\nBad Trailer\r\n\r\n"),
    ]

    func expectOneJSON400(_ exchange: RawExchange, _ what: String) {
        #expect(exchange.responses.count == 1, "\(what): \(exchange.text)")
        #expect(exchange.closed, "\(what): the connection stays open")
        guard let answer = exchange.responses.first else { return }
        #expect(answer.status == 400, "\(what): \(exchange.text)")
        #expect(answer.headers["content-type"] == "application/json", "\(what): \(exchange.text)")
        #expect(answer.json["code"] as? String == "BAD_REQUEST", "\(what): \(exchange.text)")
        #expect((answer.json["message"] as? String)?.isEmpty == false, "\(what): \(exchange.text)")
    }

    @Test func malformedRequestsToLoginAndToASecretGet400AndStoreNothing() async throws {
        try await SecretsServer.with { servers in
            let server = servers[0]
            let port = server.process.port
            for body in Self.bodies {
                let login =
                    "POST /acs/api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + body.rest
                expectOneJSON400(
                    try await RawExchange.send(login, port: port, closeSending: body.closeSending), "login, \(body)")
                let put =
                    "PUT /secrets/v1/secret/default/malformed HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: token=\(server.token)\r\nContent-Type: application/json\r\n" + body.rest
                expectOneJSON400(
                    try await RawExchange.send(put, port: port, closeSending: body.closeSending), "PUT, \(body)")
            }
            expectOneJSON400(try await RawExchange.send("\u{1}\u{2} GARBAGE\r\n\r\n", port: port), "garbage line")
            expectOneJSON400(
                try await RawExchange.send("GET /ping HTTP/1.1\r\nHost x\r\n\r\n", port: port), "header without colon")

            #expect(try await server.send("GET", "malformed").status == 404)
            #expect(RawExchange.errorLines(server.process.log).isEmpty, "\(server.process.log)")
        }
    }

    @Test func aRefusedRequestWhoseBodyTurnsOutMalformedGetsOneAnswer() async throws {
        try await SecretsServer.with { servers in
            let port = servers[0].process.port
            let head = "POST /secrets/v1/resolve/default HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
            // The bad chunk in the same packet as the head: refused before the route answers.
            let together = try await RawExchange.send(head + "zz\r\n\r\n", port: port)
            #expect(together.responses.count == 1, "\(together.text)")
            #expect([400, 401].contains(together.responses.first?.status ?? 0), "\(together.text)")

            // The bad chunk after the 401 was written: no second answer, the connection closes.
            let connection = try await RawTCPConnection.open(port: port)
            defer { connection.close() }
            await connection.send(head)
            let first = await connection.receive(within: .seconds(10)) { RawHTTPResponse.isComplete($0) }
            #expect(RawHTTPResponse.parseAll(first.bytes).first?.status == 401)
            await connection.send("zz\r\n\r\n")
            let rest = await connection.receive(within: .seconds(10))
            #expect(rest.bytes.isEmpty, "a second answer: \(String(decoding: rest.bytes, as: UTF8.self))")
            #expect(rest.closed)
            #expect(RawExchange.errorLines(servers[0].process.log).isEmpty, "\(servers[0].process.log)")
        }
    }

    /// A client that writes its next request before it sees the close it asked for (wrk does, with
    /// `Connection: close`): the bytes after a closing request are ignored (RFC 9112 §9.6), not
    /// answered with a 400, and the first answer arrives whole before the close.
    @Test func bytesAfterAClosingRequestAreIgnoredNotAnswered() async throws {
        try await MemoryServer.with { server in
            let exchange = try await RawExchange.send(
                "GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    + "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n",
                port: server.port)
            #expect(exchange.responses.count == 1, "\(exchange.text)")
            #expect(exchange.responses.first?.status == 200)
            #expect(exchange.responses.first?.body == Array("pong".utf8))
            #expect(exchange.closed)
        }
    }
}
