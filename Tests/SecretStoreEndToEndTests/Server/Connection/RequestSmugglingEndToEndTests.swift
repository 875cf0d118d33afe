import Foundation
import SecretStoreTesting
import Testing

/// Requests whose length two parsers could read differently, each followed by a second request
/// (`GET /ping`) that a lenient parser would take from the first one's body: the server must refuse
/// the first (400) and never answer the smuggled one.
@Suite("Request smuggling end to end", .timeLimit(.minutes(2)))
struct RequestSmugglingEndToEndTests {
    static let smuggled = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n"

    static let attempts: [(String, String)] = [
        ("Content-Length and Transfer-Encoding", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("two different Content-Lengths", "Content-Length: 0\r\nContent-Length: \(smuggled.utf8.count)\r\n\r\n"),
        (
            "Transfer-Encoding by obs-fold",
            "Transfer-Encoding: identity\r\n chunked\r\nContent-Length: 0\r\n\r\n0\r\n\r\n"
        ),
        ("Transfer-Encoding not ending in chunked", "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
        (
            "Transfer-Encoding with a space before the colon",
            "Transfer-Encoding : chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"
        ),
    ]

    @Test func ambiguousLengthsAreRefusedAndTheSmuggledRequestIsNeverAnswered() async throws {
        try await MemoryServer.with { server in
            for (name, headers) in Self.attempts {
                let request = "POST /acs/api/v1/auth/login HTTP/1.1\r\nHost: x\r\n" + headers + Self.smuggled
                let exchange = try await RawExchange.send(request, port: server.port)
                #expect(exchange.responses.count == 1, "\(name): \(exchange.text)")
                #expect(exchange.responses.first?.status == 400, "\(name): \(exchange.text)")
                #expect(
                    exchange.responses.first?.json["code"] as? String == "BAD_REQUEST", "\(name): \(exchange.text)")
                #expect(!exchange.text.contains("pong"), "\(name): the smuggled request was answered")
            }
            #expect(RawExchange.errorLines(server.log).isEmpty, "\(server.log)")
        }
    }
}
