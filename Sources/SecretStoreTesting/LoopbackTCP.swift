import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Plain blocking TCP on 127.0.0.1: finding a free port and ZooKeeper's four-letter words.
public enum LoopbackTCP {
    /// A port the kernel just gave to a socket bound to port 0, closed again. Another process may
    /// take it before we bind it; callers retry on "address in use".
    public static func unusedPort() throws -> Int {
        let fd = try makeSocket()
        defer { close(fd) }
        var address = loopback(port: 0)
        guard bind(fd, &address) == 0 else { throw failure("bind", code: .addressInUse) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { throw failure("getsockname", code: .launchFailed) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on the port.
    static func isListening(port: Int) -> Bool {
        guard let fd = try? makeSocket() else { return false }
        defer { close(fd) }
        var address = loopback(port: port)
        return connect(fd, &address) == 0
    }

    /// Connects, sends `message`, and reads the reply until the server closes the connection.
    /// Runs on a Dispatch thread: the calls block (briefly, on loopback, at most `timeout` each).
    static func exchange(port: Int, message: String, timeout: Duration) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(
                    with: Result { try exchangeBlocking(port: port, message: message, timeout: timeout) })
            }
        }
    }

    private static func exchangeBlocking(port: Int, message: String, timeout: Duration) throws -> String {
        let fd = try makeSocket()
        defer { close(fd) }
        let (seconds, attoseconds) = timeout.components
        var limit = timeval(tv_sec: .init(seconds), tv_usec: .init(attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        guard connect(fd, &address) == 0 else { throw failure("connect to 127.0.0.1:\(port)") }
        let bytes = Array(message.utf8)
        #if canImport(Glibc)
            // A reset connection must fail the send, not raise SIGPIPE in the test process.
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        guard send(fd, bytes, bytes.count, flags) == bytes.count else {
            throw failure("send to 127.0.0.1:\(port)")
        }
        var reply: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            if count == 0 { break }
            guard count > 0 else { throw failure("recv from 127.0.0.1:\(port)") }
            reply += buffer[..<count]
        }
        return String(decoding: reply, as: UTF8.self)
    }

    static func makeSocket() throws -> Int32 {
        #if canImport(Glibc)
            // SOCK_CLOEXEC: a server launched meanwhile must not inherit the descriptor.
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw failure("socket", code: .launchFailed) }
        return fd
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }

    private static func bind(_ fd: Int32, _ address: inout sockaddr_in) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                    Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                    Darwin.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
    }

    static func connect(_ fd: Int32, _ address: inout sockaddr_in) -> Int32 {
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                #if canImport(Glibc)
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #else
                    Darwin.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                #endif
            }
        }
    }

    private static func failure(
        _ operation: String, code: ZooKeeperTestServerError.Code = .noReply
    ) -> ZooKeeperTestServerError {
        ZooKeeperTestServerError(code, "\(operation): \(String(cString: strerror(errno)))")
    }
}
