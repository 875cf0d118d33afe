import SecretStoreTesting

/// A client that never finishes its request: it connects to 127.0.0.1, sends the request's head
/// and the first part of its body, collects whatever the server answers within a moment, and
/// closes the socket.
enum InterruptedUpload {
    /// Sends `head` (the request line and headers, ending in an empty line) and as much of
    /// `partialBody` as the server takes, reads the server's answer for up to `pause` (until a
    /// whole response arrived or the server closed the connection), then closes, and returns what
    /// it read.
    @discardableResult
    static func run(port: Int, head: String, partialBody: [UInt8], pause: Duration = .milliseconds(300))
        async throws -> String
    {
        let connection = try await RawTCPConnection.open(port: port, within: .seconds(10))
        defer { connection.close() }
        // A server that answered early may close before taking everything: then read its answer.
        await connection.send(Array(head.utf8) + partialBody)
        let (reply, _) = await connection.receive(within: pause) { RawHTTPResponse.isComplete($0) }
        return String(decoding: reply, as: UTF8.self)
    }
}
