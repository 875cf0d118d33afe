import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A client that never finishes its request: it connects to 127.0.0.1, sends the request's head
/// and the first part of its body, collects whatever the server answers within a moment, and
/// closes the socket.
enum InterruptedUpload {
    /// Sends `head` (the request line and headers, ending in an empty line) and as much of
    /// `partialBody` as the server takes, reads the server's answer for up to `pause` (until a
    /// whole response arrived or the server closed the connection), then closes, and returns what
    /// it read. Runs on a Dispatch thread:
    /// the calls block, each at most 10 s.
    @discardableResult
    static func run(port: Int, head: String, partialBody: [UInt8], pause: Duration = .milliseconds(300))
        async throws -> String
    {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<String, any Error>) in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result { try sendBlocking(port: port, bytes: Array(head.utf8) + partialBody, pause: pause) })
            }
        }
    }

    /// Why the interrupted upload could not even be sent.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private static func sendBlocking(port: Int, bytes: [UInt8], pause: Duration) throws -> String {
        #if canImport(Glibc)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            // A server that already closed must fail the send, not raise SIGPIPE in the tests.
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
            let flags: Int32 = 0
        #endif
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        defer { close(fd) }
        var limit = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw Failure(description: "connect to port \(port): errno \(errno)") }
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
            // A server that answered early may close before taking everything: then read its answer.
            guard count > 0 else { break }
            sent += count
        }
        let (seconds, attoseconds) = pause.components
        var wait = timeval(tv_sec: Int(seconds), tv_usec: Int(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            // 0 is the server closing; -1 the time being up (or a reset): either way, done.
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            reply += buffer[..<count]
            if isComplete(reply) { break }
        }
        return String(decoding: reply, as: UTF8.self)
    }

    /// Whether `reply` holds a whole response: its head and as many body bytes as its
    /// `Content-Length` says.
    private static func isComplete(_ reply: [UInt8]) -> Bool {
        let text = String(decoding: reply, as: UTF8.self)
        guard let headEnd = text.range(of: "\r\n\r\n") else { return false }
        let length = text[..<headEnd.lowerBound].split(separator: "\r\n").lazy.compactMap { line -> Int? in
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
            return Int(parts[1].trimmingCharacters(in: .whitespaces))
        }.first
        guard let length else { return false }
        return text[headEnd.upperBound...].utf8.count >= length
    }
}
