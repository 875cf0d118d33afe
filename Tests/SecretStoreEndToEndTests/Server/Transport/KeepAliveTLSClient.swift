import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One TLS connection held open by `openssl s_client`: requests go in on its standard input, and
/// answers are collected from its standard output, to show that an open connection outlives a
/// certificate reload. `@unchecked Sendable`: the process and pipe are set once in `init`; what
/// arrives is kept under a `Mutex`.
final class KeepAliveTLSClient: @unchecked Sendable {
    private let process: Process
    private let input: FileHandle
    private let received = Mutex<[UInt8]>([])

    /// Connects to `127.0.0.1:port`, trusting only `caFile`.
    init(port: Int, caFile: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = [
            "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", caFile, "-verify_return_error", "-quiet",
        ]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        self.process = process
        self.input = stdin.fileHandleForWriting
        stdout.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.received.withLock { $0 += Array(data) }
        }
        try process.run()
    }

    /// Sends `GET path` on the connection and waits (at most 10 s) for `expected` in what it
    /// received since; returns whether it came.
    func get(_ path: String, expecting expected: String) async throws -> Bool {
        let before = received.withLock { $0.count }
        try input.write(contentsOf: Data("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let text = received.withLock { String(decoding: $0.dropFirst(before), as: UTF8.self) }
            if text.contains(expected) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    /// Ends the connection and the process.
    func close() {
        try? input.close()
        // SIGKILL: s_client with -quiet ignores the end of its input and keeps the connection open.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
