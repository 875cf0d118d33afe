import Foundation
import SecretStoreTesting

/// One request sent as raw bytes on its own connection, and everything the server sent back until
/// it closed the connection: for counting answers, not only reading the first.
struct RawExchange {
    /// Every response on the connection, in order.
    var responses: [RawHTTPResponse]
    /// The bytes received.
    var bytes: [UInt8]
    /// Whether the server closed the connection within the time limit.
    var closed: Bool

    /// The received bytes as text (for failure messages).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Sends `request` to `127.0.0.1:port`; with `closeSending`, then closes the sending side (a body
    /// cut short). Reads until the server closes, at most `limit`.
    static func send(
        _ request: String, port: Int, closeSending: Bool = false, within limit: Duration = .seconds(10)
    ) async throws -> RawExchange {
        let connection = try await RawTCPConnection.open(port: port)
        defer { connection.close() }
        await connection.send(request)
        if closeSending { connection.shutdownSending() }
        let (bytes, closed) = await connection.receive(within: limit)
        return RawExchange(responses: RawHTTPResponse.parseAll(bytes), bytes: bytes, closed: closed)
    }

    /// The lines of a `secret-store` log at level `error` or `critical` (the stream log handler
    /// writes `<time> <level> <label>: ...`).
    static func errorLines(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            let level = line.split(separator: " ", maxSplits: 2).dropFirst().first
            return level == "error" || level == "critical"
        }
    }
}
