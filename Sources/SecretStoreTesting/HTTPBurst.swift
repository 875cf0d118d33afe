import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Many copies of one raw HTTP/1.1 request, each on its own connection to 127.0.0.1, all sent
/// before any answer is read: the server has every one in hand at once, however few threads the
/// test has. For tests of what a server does under a burst (throttles, pools).
public enum HTTPBurst {
    /// Sends `request` (a whole HTTP/1.1 request with `Connection: close`) `copies` times at once
    /// and returns each answer's status code (0 for a connection closed without an answer). Every
    /// socket call is bounded by `timeout`.
    public static func statuses(
        of request: String, copies: Int, port: Int, timeout: Duration = .seconds(60)
    ) async throws -> [Int] {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result { try statusesBlocking(Array(request.utf8), copies, port, timeout) })
            }
        }
    }

    /// A `POST` of `json` to `path` with `Connection: close`.
    public static func post(_ path: String, json: String) -> String {
        "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(json.utf8.count)\r\nConnection: close\r\n\r\n\(json)"
    }

    private static func statusesBlocking(_ bytes: [UInt8], _ copies: Int, _ port: Int, _ timeout: Duration) throws
        -> [Int]
    {
        var sockets: [Int32] = []
        defer { for fd in sockets { close(fd) } }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: .init(seconds), tv_usec: .init(attoseconds / 1_000_000_000_000))
        for _ in 0..<copies {
            let fd = try LoopbackTCP.makeSocket()
            sockets.append(fd)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var address = LoopbackTCP.loopback(port: port)
            guard LoopbackTCP.connect(fd, &address) == 0 else { throw failure("connect to 127.0.0.1:\(port)") }
        }
        #if canImport(Glibc)
            // A reset connection must fail the send, not raise SIGPIPE in the test process.
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        for fd in sockets {
            guard send(fd, bytes, bytes.count, flags) == bytes.count else { throw failure("send") }
        }
        return try sockets.map { fd in
            var reply: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(fd, &buffer, buffer.count, 0)
                if count == 0 { break }
                guard count > 0 else { throw failure("recv") }
                reply += buffer[..<count]
            }
            // "HTTP/1.1 429 Too Many Requests": the second word.
            let words = String(decoding: reply.prefix(32), as: UTF8.self).split(separator: " ")
            return words.count > 1 ? Int(words[1]) ?? 0 : 0
        }
    }

    private static func failure(_ operation: String) -> ServerProcessError {
        ServerProcessError("\(operation): \(String(cString: strerror(errno)))")
    }
}
