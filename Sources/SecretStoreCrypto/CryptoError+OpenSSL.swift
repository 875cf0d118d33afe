internal import COpenSSL

extension CryptoError {
    /// Builds the error for a failed OpenSSL call, draining the calling thread's whole OpenSSL error queue into it.
    ///
    /// Call it straight after the failing call, with no `await` in between: the queue is thread-local, and a task
    /// resumed on another thread would read someone else's queue.
    static func openSSL(_ operation: String, code: Code = .openSSL, detail: String = "") -> CryptoError {
        CryptoError(code: code, operation: operation, detail: detail, openSSLErrors: drainOpenSSLErrorQueue())
    }

    /// Removes every entry from this thread's OpenSSL error queue and renders each one.
    ///
    /// Draining all of them, not only the first, keeps a stale entry from being blamed on the next failure.
    private static func drainOpenSSLErrorQueue() -> [String] {
        var messages: [String] = []
        while case let error = ERR_get_error(), error != 0 {
            // ERR_error_string_n wants at least 256 bytes and always NUL-terminates within `len`.
            let message = withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { buffer in
                ERR_error_string_n(error, buffer.baseAddress, buffer.count)
                return String(cString: buffer.baseAddress!)
            }
            messages.append(message)
        }
        return messages
    }
}
