import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One TCP connection to 127.0.0.1 that sends exactly the bytes it is given: for tests that send
/// what no HTTP client would (malformed or smuggling requests, heads trickled a byte at a time,
/// connections that send nothing) and look at every byte that comes back.
///
/// `@unchecked Sendable`: the descriptor is only used through the blocking calls below, which a
/// test makes one at a time (each runs on a Dispatch thread, never on the cooperative pool).
public final class RawTCPConnection: @unchecked Sendable {
    private let fd: Int32
    private var isClosed = false

    private init(fd: Int32) { self.fd = fd }

    deinit { close() }

    /// Connects to `127.0.0.1:port`, waiting at most `limit`.
    public static func open(port: Int, within limit: Duration = .seconds(5)) async throws -> RawTCPConnection {
        try await blocking {
            #if canImport(Glibc)
                // SOCK_CLOEXEC: a server launched meanwhile must not inherit the descriptor.
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            #else
                let fd = socket(AF_INET, SOCK_STREAM, 0)
            #endif
            guard fd >= 0 else { throw ServerProcessError("socket: \(String(cString: strerror(errno)))") }
            let connection = RawTCPConnection(fd: fd)
            // On Linux the send timeout bounds connect() too.
            connection.setTimeout(SO_SNDTIMEO, limit)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard result == 0 else {
                throw ServerProcessError("connect to 127.0.0.1:\(port): \(String(cString: strerror(errno)))")
            }
            return connection
        }
    }

    /// Sends `text` as UTF-8; false if the server closed or reset the connection first.
    @discardableResult
    public func send(_ text: String) async -> Bool { await send(Array(text.utf8)) }

    /// Sends `bytes`; false if the server closed or reset the connection first.
    @discardableResult
    public func send(_ bytes: [UInt8]) async -> Bool {
        (try? await Self.blocking { self.sendBlocking(bytes) }) ?? false
    }

    /// Closes the sending side (the server reads end-of-file), keeping the receiving side open.
    public func shutdownSending() {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    /// What the server sends within `limit`: reading stops when the server closes the connection,
    /// when `until` holds for everything read so far, or when `limit` has passed.
    public func receive(within limit: Duration, until: @escaping @Sendable ([UInt8]) -> Bool = { _ in false })
        async -> (bytes: [UInt8], closed: Bool)
    {
        (try? await Self.blocking { self.receiveBlocking(within: limit, until: until) }) ?? ([], true)
    }

    /// Closes the connection (also done when the object goes away).
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        #if canImport(Glibc)
            _ = Glibc.close(fd)
        #else
            _ = Darwin.close(fd)
        #endif
    }

    private func sendBlocking(_ bytes: [UInt8]) -> Bool {
        #if canImport(Glibc)
            // A server that closed must fail the send, not raise SIGPIPE in the test process.
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, flags) }
            guard count > 0 else { return false }
            sent += count
        }
        return true
    }

    private func receiveBlocking(within limit: Duration, until: ([UInt8]) -> Bool) -> (bytes: [UInt8], closed: Bool) {
        let deadline = ContinuousClock.now + limit
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while ContinuousClock.now < deadline {
            // Wake at least every 100 ms to check the deadline.
            setTimeout(SO_RCVTIMEO, min(.milliseconds(100), deadline - ContinuousClock.now))
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { return (received, true) }
            if count < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { continue }
                return (received, true)  // reset
            }
            received += buffer[..<count]
            if until(received) { return (received, false) }
        }
        return (received, false)
    }

    private func setTimeout(_ option: Int32, _ duration: Duration) {
        let (seconds, attoseconds) = max(duration, .milliseconds(1)).components
        var value = timeval(tv_sec: .init(seconds), tv_usec: .init(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<timeval>.size))
    }

    private static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
